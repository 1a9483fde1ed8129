/**
 * Every event the audit context applies: all of them, each appended to the trail once (the group's processed-events
 * record and the append commit together). PHI-read reports become one entry per patient and outcome.
 */
import { consumer, EVENT_TYPES, type ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';
import type { AuditTrail } from './services/trail';

export const consumers = (trail: AuditTrail): ConsumerSpec<Prisma.TransactionClient>[] => [
  consumer({
    group: 'audit.trail',
    types: EVENT_TYPES,
    apply: async (tx: Prisma.TransactionClient, event) => {
      await trail.record(tx, event);
    },
  }),
];
