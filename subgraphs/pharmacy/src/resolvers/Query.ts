/** Root reads: the catalogue, one prescription and the pharmacy's worklist, each authorized by its service. */
import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  medications: (_parent, args, ctx) => ctx.pharmacy.medications.list(ctx.viewer, args),
  medication: (_parent, { id }, ctx) => ctx.pharmacy.medications.get(ctx.viewer, id),
  prescription: (_parent, { id }, ctx) => ctx.pharmacy.prescriptions.get(ctx.patientAccess, id),
  pendingPrescriptions: (_parent, args, ctx) => ctx.pharmacy.prescriptions.pending(ctx.patientAccess, args),
};
