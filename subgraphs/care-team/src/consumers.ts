/** Every event the care-team context applies: which patients exist, so an assignment to an unknown patient is refused. */
import type { KnownPatients } from '@caregraph/access';
import type { ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';

export const consumers = (knownPatients: KnownPatients): ConsumerSpec<Prisma.TransactionClient>[] => [knownPatients.consumer];
