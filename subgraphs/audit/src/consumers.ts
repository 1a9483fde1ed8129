/**
 * Every event the audit context applies: all of them, each appended to the trail once (the group's processed-events
 * record and the append commit together). PHI-read reports become one entry per patient and outcome. Events waiting
 * together are appended in one transaction, under one chain lock: under sustained reads that is what keeps the trail
 * from falling behind.
 */
import { consumer, EVENT_TYPES, type ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';
import type { AuditTrail } from './services/trail';

export const consumers = (trail: AuditTrail): ConsumerSpec<Prisma.TransactionClient>[] => [
  consumer({
    group: 'audit.trail',
    types: EVENT_TYPES,
    apply: async (tx: Prisma.TransactionClient, event) => {
      await trail.record(tx, [event]);
    },
    applyAll: async (tx: Prisma.TransactionClient, events) => {
      await trail.record(tx, events);
    },
  }),
];
