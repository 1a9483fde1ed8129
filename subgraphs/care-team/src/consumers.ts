/** Every event the care-team context applies: which patients exist, so an assignment to an unknown patient is refused. */
import type { knownPatientsProjection } from '@caregraph/access';
import type { ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';

export const consumers = (knownPatients: ReturnType<typeof knownPatientsProjection>): ConsumerSpec<Prisma.TransactionClient>[] => [knownPatients.consumer];
