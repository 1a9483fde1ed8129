/** The audit context's services, built once per process and shared by every request. */
import type { PrismaClient } from '../generated/prisma/client';
import { AuditTrail } from './trail';

export const createServices = (prisma: PrismaClient) => ({ trail: new AuditTrail(prisma) });
export type AuditServices = ReturnType<typeof createServices>;
