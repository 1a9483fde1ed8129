import type { MutationResolvers } from '../generated/graphql';

export const Mutation: MutationResolvers = {
  createPractitioner: (_parent, { input }, ctx) => ctx.careTeam.createPractitioner(input),
  createOrganization: (_parent, { input }, ctx) => ctx.careTeam.createOrganization(input),
  assignCareTeamMember: (_parent, { patientId, practitionerId }, ctx) => ctx.careTeam.assign(patientId, practitionerId),
  removeCareTeamMember: (_parent, { patientId, practitionerId }, ctx) => ctx.careTeam.remove(patientId, practitionerId),
};
