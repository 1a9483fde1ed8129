import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx) => ctx.accounts.me(ctx.viewer),
  users: (_parent, args, ctx) => ctx.accounts.list(ctx.viewer, args),
};
