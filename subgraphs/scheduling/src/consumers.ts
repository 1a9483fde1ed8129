/**
 * Every event the scheduling context applies: who cares for whom and which patients and practitioners exist (its
 * projections), and finished encounters, which fulfil their appointments.
 */
import type { careTeamProjection, KnownPatients, KnownPractitioners } from '@caregraph/access';
import { consumer, type ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';
import type { AppointmentService } from './services/appointments';

export const consumers = (
  appointments: AppointmentService,
  careTeam: ReturnType<typeof careTeamProjection>,
  knownPatients: KnownPatients,
  knownPractitioners: KnownPractitioners,
): ConsumerSpec<Prisma.TransactionClient>[] => [
  consumer({
    group: 'scheduling.encounter-fulfilment',
    types: ['ehr.encounter.finished'],
    apply: (tx: Prisma.TransactionClient, event) => appointments.fulfilFromEncounter(tx, event.payload),
  }),
  careTeam.consumer,
  knownPatients.consumer,
  knownPractitioners.consumer,
];
