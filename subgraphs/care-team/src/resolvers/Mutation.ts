import type { MutationResolvers } from '../generated/graphql';

export const Mutation: MutationResolvers = {
  createPractitioner: (_parent, { input }, ctx) => ctx.careTeam.createPractitioner(ctx.viewer, input),
  createOrganization: (_parent, { input }, ctx) => ctx.careTeam.createOrganization(ctx.viewer, input),
  assignCareTeamMember: (_parent, { patientId, practitionerId }, ctx) => ctx.careTeam.assign(ctx.viewer, patientId, practitionerId),
  removeCareTeamMember: (_parent, { patientId, practitionerId }, ctx) => ctx.careTeam.remove(ctx.viewer, patientId, practitionerId),
};
