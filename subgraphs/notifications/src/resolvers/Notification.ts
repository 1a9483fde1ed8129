/** Notification fields: storage columns as they are; `_entities` through the loader (the type's rule decides who sees it). */
import type { NotificationResolvers } from '../generated/graphql';

export const Notification: NotificationResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.notification.load(reference.id),
};
