/** Notification fields: storage columns as they are, and its cursor; `_entities` through the loader (the type's rule decides who sees it). */
import type { NotificationResolvers } from '../generated/graphql';
import { cursorOf } from '../services/inbox';

export const Notification: NotificationResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.notification.load(reference.id),
  cursor: (notification) => cursorOf(notification),
};
