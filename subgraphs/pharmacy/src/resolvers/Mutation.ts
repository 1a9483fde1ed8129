/** Root writes of the pharmacy subgraph: each one line calling the service that authorizes and validates it. */
import type { MutationResolvers } from '../generated/graphql';

export const Mutation: MutationResolvers = {
  createMedication: (_parent, { input }, ctx) => ctx.pharmacy.medications.create(ctx.viewer, input),
  restockMedication: (_parent, { medicationId, quantity }, ctx) => ctx.pharmacy.medications.restock(ctx.viewer, medicationId, quantity),
  prescribe: (_parent, { input }, ctx) => ctx.pharmacy.prescriptions.prescribe(ctx.patientAccess, input),
  dispense: (_parent, { prescriptionId, quantity }, ctx) => ctx.pharmacy.prescriptions.dispense(ctx.patientAccess, prescriptionId, quantity),
  cancelPrescription: (_parent, { id, reason }, ctx) => ctx.pharmacy.prescriptions.cancel(ctx.patientAccess, id, reason),
  holdPrescription: (_parent, { id, reason }, ctx) => ctx.pharmacy.prescriptions.hold(ctx.patientAccess, id, reason),
  resumePrescription: (_parent, { id }, ctx) => ctx.pharmacy.prescriptions.resume(ctx.patientAccess, id),
};
