/** The billing context's services, built once per process and shared by every request. */
import type { KnownPatients } from '@caregraph/access';
import type { ContextEvents } from '@caregraph/events';
import type { PrismaClient } from '../generated/prisma/client';
import type { KnownOrganizations } from '../projections';
import { ClaimService } from './claims';
import { CoverageService } from './coverages';
import { FeeScheduleService } from './fee-schedule';
import { InvoiceService } from './invoices';

export const createServices = (prisma: PrismaClient, events: ContextEvents<PrismaClient>, knownPatients: KnownPatients, organizations: KnownOrganizations) => {
  const invoices = new InvoiceService(prisma, events);
  return {
    feeSchedule: new FeeScheduleService(prisma),
    invoices,
    coverages: new CoverageService(prisma, events, knownPatients, organizations),
    claims: new ClaimService(prisma, events, invoices),
  };
};
export type BillingServices = ReturnType<typeof createServices>;
