/** Shared set-up of the billing service tests (src/services/*.test.ts): the context's real database, its services, and the projections as its consumers record them. */
import { randomUUID } from 'node:crypto';
import { knownPatientsProjection, PatientAccess } from '@caregraph/access';
import type { Role, Viewer } from '@caregraph/auth';
import type { AppointmentFacts } from '@caregraph/events';
import { openServiceTestDatabase, testViewer } from '@caregraph/testkit';
import { PrismaClient } from '../src/generated/prisma/client';
import { knownOrganizationsProjection } from '../src/projections';
import { createServices } from '../src/services';
import { NO_CARE_TEAM } from '../src/services/access';

export async function openBillingTestDatabase() {
  const db = await openServiceTestDatabase('billing', (options) => new PrismaClient(options));
  const organizations = knownOrganizationsProjection(db.prisma, 'billing');
  const billing = createServices(db.prisma, db.events, knownPatientsProjection(db.prisma, 'billing'), organizations);
  const access = (viewer: Viewer | undefined) => new PatientAccess(viewer, NO_CARE_TEAM);
  const as = (role: Role, links: { patientId?: string; organizationId?: string } = {}) => access({ ...testViewer(role), ...links });
  const clerk = as('BILLING_CLERK');
  await billing.feeSchedule.set(clerk.viewer, { code: '99213', description: 'Office visit, established patient', unitPrice: '125.00' });
  await billing.feeSchedule.set(clerk.viewer, { code: '36415', description: 'Routine venipuncture', unitPrice: '15.00' });

  /** The facts scheduling announces for a 30-minute booking of a new patient (known to this context). */
  async function booking(): Promise<AppointmentFacts> {
    const patientId = randomUUID();
    await db.prisma.knownPatient.create({ data: { id: patientId } });
    const start = new Date(Date.now() + 86_400_000);
    return { appointmentId: randomUUID(), patientId, practitionerId: randomUUID(), start: start.toISOString(), end: new Date(start.getTime() + 1800_000).toISOString(), reason: null, status: 'BOOKED' };
  }
  /** What the consumer does with a booking, in its own transaction. */
  const book = async (facts: AppointmentFacts) => {
    await db.events.transaction((tx) => billing.invoices.openForAppointment(tx, facts));
    return (await db.prisma.invoice.findUnique({ where: { appointmentId: facts.appointmentId } }))!;
  };
  /** An ISSUED invoice of 125.00 for a new patient. */
  async function issuedInvoice() {
    const facts = await booking();
    const invoice = await book(facts);
    return { facts, invoice: await billing.invoices.issue(clerk, invoice.id) };
  }
  /** A known INSURER organization and one of its users. */
  async function insurer() {
    const organizationId = randomUUID();
    await db.prisma.knownOrganization.create({ data: { id: organizationId, type: 'INSURER' } });
    return { organizationId, user: as('INSURANCE_PROVIDER', { organizationId }) };
  }
  return { db, billing, access, as, clerk, booking, book, issuedInvoice, insurer };
}

/** The error code a call ends with, or 'ok'. */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
