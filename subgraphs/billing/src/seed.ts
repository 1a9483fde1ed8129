/**
 * Seeds billing's demo data (embedded mode only) through the services, as the demo billing clerk; idempotent and
 * independent of the order contexts seed in: it waits for the events it builds on (the demo patient, Acme, and the
 * drafts the demo bookings open) as any clerk's request would.
 */
import { PatientAccess, type KnownPatients } from '@caregraph/access';
import { DEMO_APPOINTMENTS, DEMO_BILLING, DEMO_BILLING_CLERK, DEMO_FEE_SCHEDULE } from '@caregraph/demo';
import type { PrismaClient } from './generated/prisma/client';
import type { KnownOrganizations } from './projections';
import type { BillingServices } from './services';
import { NO_CARE_TEAM } from './services/access';

const WAIT_MS = 60_000;
/** The demo hours are 30-minute slots: what the booking consumer would have billed (see visitCode). */
const DEMO_VISIT_CODE = '99213';

export async function seedDemoData(prisma: PrismaClient, billing: BillingServices, knownPatients: KnownPatients, organizations: KnownOrganizations): Promise<void> {
  const clerk = new PatientAccess(DEMO_BILLING_CLERK, NO_CARE_TEAM);
  for (const item of DEMO_FEE_SCHEDULE) await billing.feeSchedule.set(DEMO_BILLING_CLERK, item);

  // The demo bookings may have opened their drafts before the fee schedule existed: price their visit line now.
  for (const appointment of DEMO_APPOINTMENTS) {
    const invoice = await waitFor(() => prisma.invoice.findUnique({ where: { appointmentId: appointment.id }, include: { lines: true } }), `The draft invoice of demo appointment ${appointment.id}`);
    if (invoice.status === 'DRAFT' && invoice.lines.length === 0) {
      await billing.invoices.addLine(clerk, invoice.id, { code: DEMO_VISIT_CODE });
    }
  }

  const { coverage, claim } = DEMO_BILLING;
  if (!(await prisma.coverage.findUnique({ where: { id: coverage.id } }))) {
    if (!(await knownPatients.find(coverage.patientId, { waitMs: WAIT_MS }))) throw new Error(`Demo patient ${coverage.patientId} was not announced within 60 s: is the patients context running?`);
    if (!(await organizations.find(coverage.insurerId, { waitMs: WAIT_MS }))) throw new Error(`Demo insurer ${coverage.insurerId} was not announced within 60 s: is the care-team context running?`);
    await billing.coverages.add(clerk, coverage, coverage.id);
  }
  if (await prisma.claim.findUnique({ where: { id: claim.id } })) return;
  let invoice = (await prisma.invoice.findUnique({ where: { appointmentId: claim.appointmentId } }))!;
  if (invoice.status === 'DRAFT') {
    invoice = await billing.invoices.addLine(clerk, invoice.id, { code: claim.extraLineCode });
    invoice = await billing.invoices.issue(clerk, invoice.id);
  }
  await billing.claims.submit(clerk, invoice.id, coverage.id, claim.id);
}

async function waitFor<T>(find: () => Promise<T | null>, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not arrive within 60 s: is the scheduling context running?`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
