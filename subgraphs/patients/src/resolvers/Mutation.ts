import type { MutationResolvers } from '../generated/graphql';

export const Mutation: MutationResolvers = {
  createPatient: (_parent, { input }, ctx) => ctx.patients.create(ctx.patientAccess, input),
  updatePatient: (_parent, { id, input }, ctx) => ctx.patients.update(ctx.patientAccess, id, input),
  deactivatePatient: (_parent, { id }, ctx) => ctx.patients.deactivate(ctx.patientAccess, id),
};
