/** Medication fields: the stored row, and whether it is at or below its reorder level. */
import type { MedicationResolvers } from '../generated/graphql';

export const Medication: MedicationResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.medication.load(reference.id),
  lowStock: (medication) => medication.stockOnHand <= medication.reorderLevel,
};
