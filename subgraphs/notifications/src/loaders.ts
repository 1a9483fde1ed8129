/** Per-request DataLoaders of the notifications context: `_entities` resolves many notifications in one query. */
import { byIdLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';

export const createLoaders = (prisma: PrismaClient) => ({
  notification: byIdLoader((ids) => prisma.notification.findMany({ where: { id: { in: [...ids] } } })),
});
export type Loaders = ReturnType<typeof createLoaders>;
