import type { QueryResolvers } from '../generated/graphql';
import { requireId } from '@caregraph/validation';

export const Query: QueryResolvers = {
  practitioner: (_parent, { id }, ctx) => ctx.loaders.practitioner.load(requireId(id)),
  practitioners: (_parent, args, ctx) => ctx.careTeam.listPractitioners(args),
  organization: (_parent, { id }, ctx) => ctx.loaders.organization.load(requireId(id)),
  organizations: (_parent, args, ctx) => ctx.careTeam.listOrganizations(args),
};
