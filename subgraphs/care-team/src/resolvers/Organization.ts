import type { OrganizationResolvers } from '../generated/graphql';

export const Organization: OrganizationResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.organization.load(reference.id),
};
