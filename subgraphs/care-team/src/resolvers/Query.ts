import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  practitioner: (_parent, { id }, ctx) => ctx.careTeam.practitioner(ctx.viewer, id),
  practitioners: (_parent, args, ctx) => ctx.careTeam.listPractitioners(ctx.viewer, args),
  organization: (_parent, { id }, ctx) => ctx.careTeam.organization(ctx.viewer, id),
  organizations: (_parent, args, ctx) => ctx.careTeam.listOrganizations(ctx.viewer, args),
};
