import type { RequestContext } from '../request-context';
import type { MutationResolvers } from '../generated/graphql';
import type { Session } from '../services/sessions';

/** The rest of the response is for the user who just signed in (e.g. AuthPayload.user). */
const signedIn = (ctx: RequestContext, session: Session) => {
  ctx.viewer = session.viewer;
  return session;
};

export const Mutation: MutationResolvers = {
  register: async (_parent, { input }, ctx) => signedIn(ctx, await ctx.accounts.register(input, ctx.clientAddress)),
  login: async (_parent, { email, password }, ctx) => signedIn(ctx, await ctx.sessions.login(email, password, ctx.clientAddress)),
  refreshSession: async (_parent, { refreshToken }, ctx) => signedIn(ctx, await ctx.sessions.refresh(refreshToken)),
  logout: async (_parent, _args, ctx) => {
    await ctx.sessions.logout(ctx.viewer!);
    return true;
  },
  createUser: (_parent, { input }, ctx) => ctx.accounts.createUser(ctx.viewer, input),
};
