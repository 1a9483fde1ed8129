/**
 * Every event the notifications context applies: identity's accounts (who receives what), the domain events that
 * put a notification into someone's inbox (services/messages.ts says which, for whom), and the live feed that tells
 * the gateways' subscriptions what changed (services/live-feed.ts).
 */
import { consumer, type ConsumerSpec, type LiveChannel } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';
import { recordAccount } from './services/accounts';
import type { InboxService } from './services/inbox';
import { LIVE_EVENTS, livePublicationsFor } from './services/live-feed';
import { NOTIFYING_EVENTS } from './services/messages';

/**
 * Older events are not published live: a consumer catching up after downtime (or a new group reading a stream from its
 * start) would flood subscribers with stale changes. Clients that were away catch up from the inbox and the queries.
 */
const LIVE_FRESHNESS_MS = 60_000;

export const consumers = (inbox: InboxService, live: LiveChannel): ConsumerSpec<Prisma.TransactionClient>[] => [
  consumer({
    group: 'notifications.accounts',
    types: ['identity.user.registered', 'identity.user.created'],
    apply: (tx: Prisma.TransactionClient, event) => recordAccount(tx, event),
  }),
  consumer({
    group: 'notifications.inbox',
    types: NOTIFYING_EVENTS,
    apply: async (tx: Prisma.TransactionClient, event) => {
      await inbox.deliver(tx, event);
    },
  }),
  consumer({
    group: 'notifications.live',
    types: LIVE_EVENTS,
    // Publishes from within the group's transaction: once it commits, a redelivery is skipped and not published again.
    // A notification's message follows its own notifications.notification.created event, so its row is committed.
    apply: async (_tx: Prisma.TransactionClient, event) => {
      if (Date.now() - Date.parse(event.occurredAt) > LIVE_FRESHNESS_MS) return;
      for (const { topic, message } of livePublicationsFor(event)) await live.publish(topic, message);
    },
  }),
];
