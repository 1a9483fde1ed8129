/**
 * Every event the notifications context applies: identity's accounts (who receives what) and the domain events that
 * put a notification into someone's inbox (services/messages.ts says which, for whom).
 */
import { consumer, type ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';
import { recordAccount } from './services/accounts';
import type { InboxService } from './services/inbox';
import { NOTIFYING_EVENTS } from './services/messages';

export const consumers = (inbox: InboxService): ConsumerSpec<Prisma.TransactionClient>[] => [
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
];
