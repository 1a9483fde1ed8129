/** Prescription fields: references by id, the medication and dispenses through the loaders, the derived quantities. */
import type { PrescriptionResolvers } from '../generated/graphql';
import { refillsRemaining, remainingQuantity } from '../services/lifecycle';

export const Prescription: PrescriptionResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.prescription.load(reference.id),
  patient: (prescription) => ({ id: prescription.patientId }),
  prescriber: (prescription) => ({ id: prescription.prescriberId }),
  medication: async (prescription, _args, ctx) => (await ctx.loaders.medication.load(prescription.medicationId))!,
  refillsRemaining: (prescription) => refillsRemaining(prescription),
  remainingQuantity: (prescription) => remainingQuantity(prescription),
  dispenses: (prescription, _args, ctx) => ctx.loaders.dispensesOfPrescription.load(prescription.id),
};
