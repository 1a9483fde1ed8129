/** MedicationDispense fields: its prescription and medication through the loaders, the pharmacist by id. */
import type { MedicationDispenseResolvers } from '../generated/graphql';

export const MedicationDispense: MedicationDispenseResolvers = {
  prescription: async (dispense, _args, ctx) => (await ctx.loaders.prescription.load(dispense.prescriptionId))!,
  medication: async (dispense, _args, ctx) => (await ctx.loaders.medication.load(dispense.medicationId))!,
  dispenser: (dispense) => (dispense.dispenserId ? { id: dispense.dispenserId } : null),
};
