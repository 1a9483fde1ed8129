import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx) => (ctx.viewer ? ctx.loaders.user.load(ctx.viewer.userId) : null),
  users: (_parent, args, ctx) => ctx.accounts.list(args),
};
