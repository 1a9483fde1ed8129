/**
 * The patients context's own event handlers: registrations from identity. The shared access projections (care
 * teams; prescriptions, lab orders and claims) add their consumers in subgraph.ts.
 */
import { consumer, type ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';
import type { PatientService } from './services/patients';

export const consumers = (patients: PatientService): ConsumerSpec<Prisma.TransactionClient>[] => [
  consumer({
    group: 'patients.registrations',
    types: ['identity.user.registered'],
    apply: (tx: Prisma.TransactionClient, event) => patients.createRegistered(tx, event.payload),
  }),
];
