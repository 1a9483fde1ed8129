/** Root reads: the signed-in user's inbox and its unread count. */
import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  notifications: (_parent, args, ctx) => ctx.notifications.inbox.list(ctx.viewer, args),
  unreadCount: (_parent, _args, ctx) => ctx.notifications.inbox.unreadCount(ctx.viewer),
};
