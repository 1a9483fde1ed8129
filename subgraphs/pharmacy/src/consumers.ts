/**
 * Every event the pharmacy context applies: who cares for whom and which patients exist (its access projections),
 * and ehr's allergy versions, which the prescribing check reads.
 */
import type { careTeamProjection, KnownPatients } from '@caregraph/access';
import { consumer, type ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';
import type { AllergyService } from './services/allergies';

export const consumers = (allergies: AllergyService, careTeam: ReturnType<typeof careTeamProjection>, knownPatients: KnownPatients): ConsumerSpec<Prisma.TransactionClient>[] => [
  consumer({
    group: 'pharmacy.allergies',
    types: ['ehr.allergy.recorded'],
    apply: (tx: Prisma.TransactionClient, event) => allergies.apply(tx, event.payload),
  }),
  careTeam.consumer,
  knownPatients.consumer,
];
