/** Per-request DataLoaders of the billing context: one query per list, whatever the number of patients or invoices. */
import { byIdLoader, groupLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';
import { PAYMENT_WITH_INVOICE } from './services/invoices';

const NEWEST_FIRST = [{ createdAt: 'desc' }, { id: 'asc' }] as const;
const OLDEST_FIRST = [{ createdAt: 'asc' }, { id: 'asc' }] as const;
/** Lines carry their invoice's currency (the API shows every amount as Money). */
const WITH_CURRENCY = { invoice: { select: { currency: true } } } as const;

export const createLoaders = (prisma: PrismaClient) => ({
  invoice: byIdLoader((ids) => prisma.invoice.findMany({ where: { id: { in: [...ids] } } })),
  claim: byIdLoader((ids) => prisma.claim.findMany({ where: { id: { in: [...ids] } } })),
  coverage: byIdLoader((ids) => prisma.coverage.findMany({ where: { id: { in: [...ids] } } })),
  invoicesOfPatient: groupLoader((ids) => prisma.invoice.findMany({ where: { patientId: { in: [...ids] } }, orderBy: [...NEWEST_FIRST] }), (i) => i.patientId),
  coveragesOfPatient: groupLoader((ids) => prisma.coverage.findMany({ where: { patientId: { in: [...ids] } }, orderBy: [...NEWEST_FIRST] }), (c) => c.patientId),
  claimsOfPatient: groupLoader((ids) => prisma.claim.findMany({ where: { patientId: { in: [...ids] } }, orderBy: [{ submittedAt: 'desc' }, { id: 'asc' }] }), (c) => c.patientId),
  invoiceOfAppointment: groupLoader((ids) => prisma.invoice.findMany({ where: { appointmentId: { in: [...ids] } } }), (i) => i.appointmentId!),
  linesOfInvoice: groupLoader((ids) => prisma.invoiceLine.findMany({ where: { invoiceId: { in: [...ids] } }, include: WITH_CURRENCY, orderBy: [...OLDEST_FIRST] }), (l) => l.invoiceId),
  paymentsOfInvoice: groupLoader((ids) => prisma.payment.findMany({ where: { invoiceId: { in: [...ids] } }, include: PAYMENT_WITH_INVOICE, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] }), (p) => p.invoiceId),
  claimsOfInvoice: groupLoader((ids) => prisma.claim.findMany({ where: { invoiceId: { in: [...ids] } }, orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }] }), (c) => c.invoiceId),
});
export type Loaders = ReturnType<typeof createLoaders>;
