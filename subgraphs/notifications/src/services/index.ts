/** The notifications context's services, built once per process and shared by every request. */
import type { PrismaClient } from '../generated/prisma/client';
import { InboxService } from './inbox';

export const createServices = (prisma: PrismaClient) => ({ inbox: new InboxService(prisma) });
export type NotificationServices = ReturnType<typeof createServices>;
