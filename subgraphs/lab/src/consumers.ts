/** Every event the lab context applies: who cares for whom (its access projection) and which patients exist. */
import type { careTeamProjection, KnownPatients } from '@caregraph/access';
import type { ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';

export const consumers = (careTeam: ReturnType<typeof careTeamProjection>, knownPatients: KnownPatients): ConsumerSpec<Prisma.TransactionClient>[] => [
  careTeam.consumer,
  knownPatients.consumer,
];
