/** Root reads: the signed-in user's inbox, its unread count, one notification, and what came after a cursor. */
import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  notifications: (_parent, args, ctx) => ctx.notifications.inbox.list(ctx.viewer, args),
  unreadCount: (_parent, _args, ctx) => ctx.notifications.inbox.unreadCount(ctx.viewer),
  notification: (_parent, { id }, ctx) => ctx.notifications.inbox.get(ctx.viewer, id),
  notificationsSince: (_parent, args, ctx) => ctx.notifications.inbox.after(ctx.viewer, args),
};
