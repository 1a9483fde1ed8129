/** The lab context's services, built once per process and shared by every request. */
import type { KnownPatients } from '@caregraph/access';
import type { ContextEvents } from '@caregraph/events';
import type { PrismaClient } from '../generated/prisma/client';
import { LabTestService } from './catalogue';
import { LabOrderService } from './orders';

export function createServices(prisma: PrismaClient, events: ContextEvents<PrismaClient>, knownPatients: KnownPatients) {
  const tests = new LabTestService(prisma);
  return { tests, orders: new LabOrderService(prisma, events, tests, knownPatients) };
}
export type LabServices = ReturnType<typeof createServices>;
