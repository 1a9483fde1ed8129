/**
 * Who may read the notifications context's types (root operations are in @caregraph/access operationRules). Deny by
 * default. A notification is its recipient's alone, whatever the role: the rule sits on the type, so root fields,
 * `_entities` and any later subscription payload are checked alike.
 */
import { allow, rule } from '@caregraph/access';
import { forbidden, unauthenticated } from '@caregraph/errors';
import type { IRules } from 'graphql-shield';
import type { Notification } from './generated/prisma/client';
import type { RequestContext } from './request-context';

const ownNotification = rule('ownNotification', { cache: 'no_cache' })((notification: Notification, _args, ctx: RequestContext) => {
  if (!ctx.viewer) return unauthenticated();
  return notification.userId === ctx.viewer.userId || forbidden('You may see only your own notifications.');
});

export const permissions: IRules = {
  Notification: ownNotification,
  NotificationConnection: allow,
  NotificationEdge: allow,
  PageInfo: allow,
};
