/**
 * Every event the ehr context applies: care-team changes for its access projection, which patients exist, and lab
 * results, which it keeps as LABORATORY observations.
 */
import type { careTeamProjection, KnownPatients } from '@caregraph/access';
import { consumer, type ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';
import type { ObservationService } from './services/observations';

export const consumers = (careTeam: ReturnType<typeof careTeamProjection>, knownPatients: KnownPatients, observations: ObservationService): ConsumerSpec<Prisma.TransactionClient>[] => [
  consumer({
    group: 'ehr.lab-results',
    types: ['lab.result.recorded'],
    apply: (tx: Prisma.TransactionClient, event) => observations.recordFromLab(tx, event.payload),
  }),
  careTeam.consumer,
  knownPatients.consumer,
];
