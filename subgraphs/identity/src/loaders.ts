/** Per-request DataLoaders of the identity context. */
import { byIdLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';

export const createLoaders = (prisma: PrismaClient) => ({
  user: byIdLoader((ids) => prisma.user.findMany({ where: { id: { in: [...ids] } } })),
});
export type Loaders = ReturnType<typeof createLoaders>;
