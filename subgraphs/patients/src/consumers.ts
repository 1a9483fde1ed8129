/** Every event the patients context applies: registrations from identity, and care-team changes for its access projection. */
import { consumer, type ConsumerSpec } from '@caregraph/events';
import type { careTeamProjection } from '@caregraph/access';
import type { Prisma } from './generated/prisma/client';
import type { PatientService } from './services/patients';

export const consumers = (patients: PatientService, careTeam: ReturnType<typeof careTeamProjection>): ConsumerSpec<Prisma.TransactionClient>[] => [
  consumer({
    group: 'patients.registrations',
    types: ['identity.user.registered'],
    apply: (tx: Prisma.TransactionClient, event) => patients.createRegistered(tx, event.payload),
  }),
  careTeam.consumer,
];
