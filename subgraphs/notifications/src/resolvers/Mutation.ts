/** Root writes: marking one's own notifications read. */
import type { MutationResolvers } from '../generated/graphql';

export const Mutation: MutationResolvers = {
  markNotificationRead: (_parent, { id }, ctx) => ctx.notifications.inbox.markRead(ctx.viewer, id),
  markAllNotificationsRead: (_parent, _args, ctx) => ctx.notifications.inbox.markAllRead(ctx.viewer),
};
