/**
 * Billing through the real supergraph, in both run modes: bookings open and cancellations void draft invoices,
 * 20 concurrent payments with one idempotency key record one, overpayment is CONFLICT, claims go from a clerk to
 * the insurer and back, permissions hold through root fields, nested fields and _entities sent straight to the
 * subgraph, and nested lists are batched.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_BILLING, DEMO_IDS } from '@caregraph/demo';
import {
  countOutboxWrites,
  MODES,
  createTestAvailability,
  createTestInsurer,
  createTestPatient,
  createTestPractitioner,
  errorCodes as codes,
  eventually,
  realServicesMissing,
  useTestPlatform,
} from '@caregraph/testkit';

const servicesMissing = await realServicesMissing('billing');

const DAY = 86_400_000;
const ACME = '00000000-0000-4000-8000-000000000405';
const { patient: PATIENT, patient2: PATIENT2 } = DEMO_IDS.patients;

const INVOICE_FIELDS = 'id number status patient { id } appointment { id } lines { code description quantity unitPrice { amount currency } amount { amount } } total { amount currency } balance { amount } payments { id amount { amount } method } issuedAt';
const INVOICES_OF = `query ($p: ID!) { invoices(patientId: $p, first: 100) { totalCount nodes { ${INVOICE_FIELDS} } } }`;
const INVOICE = `query ($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} } }`;
const BOOK = 'mutation ($i: BookAppointmentInput!) { bookAppointment(input: $i) { id start end } }';
const CANCEL = 'mutation ($id: ID!) { cancelAppointment(id: $id, reason: "Feeling better") { id status } }';
const ISSUE = 'mutation ($id: ID!) { issueInvoice(id: $id) { id status issuedAt total { amount } } }';
const ADD_LINE = 'mutation ($id: ID!, $i: InvoiceLineInput!) { addInvoiceLine(invoiceId: $id, input: $i) { id total { amount } lines { code amount { amount } } } }';
const PAY = 'mutation ($id: ID!, $a: Decimal!, $k: String!, $m: PaymentMethod! = CARD) { recordPayment(invoiceId: $id, amount: $a, method: $m, idempotencyKey: $k) { id amount { amount currency } method idempotencyKey invoice { id status balance { amount } } } }';
const ADD_COVERAGE = 'mutation ($i: AddCoverageInput!) { addCoverage(input: $i) { id active policyNumber insurer { id name } patient { id } } }';
const SUBMIT = 'mutation ($inv: ID!, $cov: ID!) { submitClaim(invoiceId: $inv, coverageId: $cov) { id status amount { amount currency } invoice { id } coverage { id } } }';
const ADJUDICATE = 'mutation ($id: ID!, $d: ClaimDecision!, $a: Decimal, $r: String) { adjudicateClaim(id: $id, decision: $d, approvedAmount: $a, reason: $r) { id status approvedAmount { amount } denialReason adjudicatedAt } }';
const CLAIMS = 'query { claims(first: 100) { totalCount nodes { id status insurer { id } patient { id } } } }';

/** The UTC instant `hour`:00 on the `n`-th weekday from two days ahead (never today, never a weekend). */
function weekdayAt(n: number, hour: number): string {
  let day = new Date(Date.now() + 2 * DAY);
  for (let seen = -1; ; day = new Date(day.getTime() + DAY)) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) seen++;
    if (seen === n) break;
  }
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour)).toISOString();
}

describe.each(MODES)('billing (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  const { t, tokens } = useTestPlatform(mode, { skip, signIn: ['admin', 'doctor', 'nurse', 'pharmacist', 'patient', 'patient2', 'billing', 'insurer'] });
  const prisma = () => t.platform.services.billing!.prisma as any;

  /** A patient who booked a visit with a new doctor: the booking's DRAFT invoice, as billing@ reads it. */
  async function bookedVisit(hour = 10) {
    const doctor = await createTestPractitioner(t);
    const patient = await createTestPatient(t, { careTeam: [doctor] });
    await createTestAvailability(t, doctor);
    const booked = await t.request(BOOK, { token: patient.token, variables: { i: { patientId: patient.id, practitionerId: doctor.id, start: weekdayAt(0, hour), reason: 'Check-up' } } });
    expect(booked.errors).toBeUndefined();
    const appointmentId = booked.data!.bookAppointment.id as string;
    const startedAt = Date.now();
    const invoice = await eventually(async () => {
      const found = (await t.request(INVOICES_OF, { token: tokens.billing, variables: { p: patient.id } })).data!.invoices.nodes;
      expect(found).toHaveLength(1);
      return found[0];
    }, 1000);
    return { doctor, patient, appointmentId, invoice, ms: Date.now() - startedAt };
  }

  it.skipIf(skip)('opens a DRAFT invoice with the visit line within a second of a booking, voids it on cancellation, and never opens two', async () => {
    const { patient, appointmentId, invoice, ms } = await bookedVisit();
    console.info(`bookAppointment → DRAFT invoice in ${ms} ms (${mode})`);
    expect(invoice).toMatchObject({
      status: 'DRAFT',
      number: expect.stringMatching(/^INV-\d{4}-\d{6}$/),
      patient: { id: patient.id },
      appointment: { id: appointmentId },
      lines: [{ code: '99213', description: expect.stringContaining('Office visit'), quantity: 1, unitPrice: { amount: '125.00', currency: 'USD' }, amount: { amount: '125.00' } }],
      total: { amount: '125.00', currency: 'USD' },
      balance: { amount: '125.00' },
      payments: [],
      issuedAt: null,
    });
    // Appointment.invoice, joined onto scheduling's appointment.
    const viaAppointment = await t.request('query ($id: ID!) { appointment(id: $id) { id invoice { id } } }', { token: tokens.admin, variables: { id: appointmentId } });
    expect(viaAppointment.data!.appointment.invoice).toEqual({ id: invoice.id });

    // The booking's event redelivered, and another delivery of the same booking: still one invoice.
    const scheduling = t.platform.services.scheduling!.prisma as any;
    const [booked] = await scheduling.outboxEvent.findMany({ where: { type: 'scheduling.appointment.booked', aggregateId: appointmentId } });
    const event = { id: booked.id, type: booked.type, aggregateId: appointmentId, occurredAt: new Date().toISOString(), payload: booked.payload };
    await t.platform.bus.publish(event);
    await t.platform.bus.publish({ ...event, id: randomUUID() });
    await t.platform.settle();
    expect(await prisma().invoice.count({ where: { appointmentId } })).toBe(1);

    const cancelled = await t.request(CANCEL, { token: patient.token, variables: { id: appointmentId } });
    expect(cancelled.errors).toBeUndefined();
    await eventually(async () => expect((await t.request(INVOICE, { token: tokens.billing, variables: { id: invoice.id } })).data!.invoice.status).toBe('VOID'), 1000);
    const voided = await prisma().invoice.findUnique({ where: { id: invoice.id } });
    expect(voided.voidReason).toBe('Appointment cancelled');
  });

  it.skipIf(skip)('records exactly one of 20 concurrent payments with one idempotency key, refuses overpayment, and is PAID when the rest is paid', async () => {
    const { invoice } = await bookedVisit(11);
    const line = await t.request(ADD_LINE, { token: tokens.billing, variables: { id: invoice.id, i: { code: '36415', quantity: 2 } } });
    expect(line.data!.addInvoiceLine.total).toEqual({ amount: '155.00' });
    // A payment before issuing is CONFLICT; issuing moves DRAFT → ISSUED once.
    expect(codes(await t.request(PAY, { token: tokens.billing, variables: { id: invoice.id, a: '10.00', k: randomUUID() } }))).toEqual(['CONFLICT']);
    expect((await t.request(ISSUE, { token: tokens.billing, variables: { id: invoice.id } })).data!.issueInvoice).toMatchObject({ status: 'ISSUED', total: { amount: '155.00' } });
    expect(codes(await t.request(ISSUE, { token: tokens.billing, variables: { id: invoice.id } }))).toEqual(['CONFLICT']);
    expect(codes(await t.request(ADD_LINE, { token: tokens.billing, variables: { id: invoice.id, i: { code: '36415' } } }))).toEqual(['CONFLICT']);

    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => t.request(PAY, { token: tokens.billing, variables: { id: invoice.id, a: '50.00', k: key } })));
    expect(results.map((r) => r.errors)).toEqual(Array(20).fill(undefined));
    const paymentIds = new Set(results.map((r) => r.data!.recordPayment.id));
    console.info(`20 concurrent recordPayment with one key (${mode}): ${paymentIds.size} payment recorded`);
    expect(paymentIds.size).toBe(1);
    expect(await prisma().payment.count({ where: { invoiceId: invoice.id } })).toBe(1);
    const afterOne = (await t.request(INVOICE, { token: tokens.billing, variables: { id: invoice.id } })).data!.invoice;
    expect(afterOne).toMatchObject({ status: 'ISSUED', balance: { amount: '105.00' }, payments: [{ amount: { amount: '50.00' }, method: 'CARD' }] });

    // Rejected mutations change nothing: the same key for another amount, overpayment, bad amounts.
    const before = { payments: await prisma().payment.count(), outbox: await countOutboxWrites(prisma()) };
    expect(codes(await t.request(PAY, { token: tokens.billing, variables: { id: invoice.id, a: '60.00', k: key } }))).toEqual(['CONFLICT']);
    const over = await t.request(PAY, { token: tokens.billing, variables: { id: invoice.id, a: '105.01', k: randomUUID() } });
    expect(codes(over)).toEqual(['CONFLICT']);
    expect(over.errors![0]!.message).toMatch(/more than the balance of 105.00/);
    for (const bad of ['0', '-5.00', '1.005', 'abc']) expect(codes(await t.request(PAY, { token: tokens.billing, variables: { id: invoice.id, a: bad, k: randomUUID() } })), bad).toEqual(['BAD_USER_INPUT']);
    // A JSON number is refused by the Decimal scalar: money never travels as a float.
    expect(codes(await t.request(PAY, { token: tokens.billing, variables: { id: invoice.id, a: 5, k: randomUUID() } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.request('mutation ($id: ID!) { voidInvoice(id: $id, reason: "Mistake") { id } }', { token: tokens.billing, variables: { id: invoice.id } }))).toEqual(['CONFLICT']);
    expect({ payments: await prisma().payment.count(), outbox: await countOutboxWrites(prisma()) }).toEqual(before);

    // 10 concurrent payments of the remaining 105.00, each with its own key: exactly one fits.
    const rest = await Promise.all(Array.from({ length: 10 }, () => t.request(PAY, { token: tokens.billing, variables: { id: invoice.id, a: '105.00', k: randomUUID(), m: 'CASH' } })));
    expect(rest.filter((r) => !r.errors)).toHaveLength(1);
    expect(rest.filter((r) => codes(r)?.[0] === 'CONFLICT')).toHaveLength(9);
    const paid = (await t.request(INVOICE, { token: tokens.billing, variables: { id: invoice.id } })).data!.invoice;
    expect(paid).toMatchObject({ status: 'PAID', balance: { amount: '0.00' } });
    expect(paid.payments).toHaveLength(2);
    const events = await prisma().outboxEvent.findMany({ where: { aggregateId: invoice.id, type: { in: ['billing.invoice.issued', 'billing.invoice.paid'] } } });
    expect(events.map((e: { type: string }) => e.type).sort()).toEqual(['billing.invoice.issued', 'billing.invoice.paid']);
  }, 60_000);

  it.skipIf(skip)("takes a claim from billing@ to insurer@ (Acme) and back; another insurer sees and decides nothing; the insurer reads the patient's name only", async () => {
    const { patient, invoice } = await bookedVisit(12);
    await t.request(ISSUE, { token: tokens.billing, variables: { id: invoice.id } });
    await t.request(PAY, { token: tokens.billing, variables: { id: invoice.id, a: '25.00', k: randomUUID() } });
    const coverage = await t.request(ADD_COVERAGE, { token: tokens.billing, variables: { i: { patientId: patient.id, insurerId: ACME, policyNumber: 'ACME-T-1' } } });
    expect(coverage.errors).toBeUndefined();
    expect(coverage.data!.addCoverage).toMatchObject({ active: true, insurer: { id: ACME, name: 'Acme Health Insurance' }, patient: { id: patient.id } });
    const coverageId = coverage.data!.addCoverage.id as string;
    expect(codes(await t.request(ADD_COVERAGE, { token: tokens.billing, variables: { i: { patientId: patient.id, insurerId: ACME, policyNumber: 'ACME-T-1' } } }))).toEqual(['CONFLICT']);
    // Not an insurer: Caregraph General Hospital.
    expect(codes(await t.request(ADD_COVERAGE, { token: tokens.billing, variables: { i: { patientId: patient.id, insurerId: '00000000-0000-4000-8000-000000000401', policyNumber: 'X-1' } } }))).toEqual(['BAD_USER_INPUT']);
    // Another patient's coverage does not pay this invoice.
    expect(codes(await t.request(SUBMIT, { token: tokens.billing, variables: { inv: invoice.id, cov: DEMO_BILLING.coverage.id } }))).toEqual(['BAD_USER_INPUT']);

    const submitted = await t.request(SUBMIT, { token: tokens.billing, variables: { inv: invoice.id, cov: coverageId } });
    expect(submitted.errors).toBeUndefined();
    const claim = submitted.data!.submitClaim;
    expect(claim).toMatchObject({ status: 'SUBMITTED', amount: { amount: '100.00', currency: 'USD' }, invoice: { id: invoice.id }, coverage: { id: coverageId } });
    expect(codes(await t.request(SUBMIT, { token: tokens.billing, variables: { inv: invoice.id, cov: coverageId } }))).toEqual(['CONFLICT']);

    // Another insurer: FORBIDDEN to decide, and the claim is in none of its lists or reads.
    const other = await createTestInsurer(t);
    expect(codes(await t.request(ADJUDICATE, { token: other.token, variables: { id: claim.id, d: 'APPROVE', a: '10.00' } }))).toEqual(['FORBIDDEN']);
    const othersList = (await t.request(CLAIMS, { token: other.token })).data!.claims;
    expect(othersList.totalCount).toBe(0);
    expect(codes(await t.request('query ($id: ID!) { claim(id: $id) { id } }', { token: other.token, variables: { id: claim.id } }))).toEqual(['FORBIDDEN']);

    // Acme's user sees it (and the demo claim), and the patient's name once patients has heard of the claim.
    const acmeList = (await t.request(CLAIMS, { token: tokens.insurer })).data!.claims.nodes as { id: string; insurer: { id: string } }[];
    expect(acmeList.map((c) => c.id)).toEqual(expect.arrayContaining([claim.id, DEMO_BILLING.claim.id]));
    expect(acmeList.every((c) => c.insurer.id === ACME)).toBe(true);
    const NAME = 'query ($id: ID!) { claim(id: $id) { id invoice { number total { amount } lines { code } patient { givenName familyName } } coverage { policyNumber } } }';
    await eventually(async () => {
      const read = await t.request(NAME, { token: tokens.insurer, variables: { id: claim.id } });
      expect(read.errors).toBeUndefined();
      expect(read.data!.claim.invoice).toMatchObject({ total: { amount: '125.00' }, lines: [{ code: '99213' }], patient: { givenName: 'Test' } });
      expect(read.data!.claim.coverage).toEqual({ policyNumber: 'ACME-T-1' });
    }, 2000);
    const address = await t.request('query ($id: ID!) { claim(id: $id) { invoice { patient { address { city } } } } }', { token: tokens.insurer, variables: { id: claim.id } });
    expect(codes(address)).toContain('FORBIDDEN');
    for (const field of ['balance { amount }', 'payments { id }', 'claims { id }']) {
      const hidden = await t.request(`query ($id: ID!) { claim(id: $id) { invoice { ${field} } } }`, { token: tokens.insurer, variables: { id: claim.id } });
      expect(codes(hidden), field).toContain('FORBIDDEN');
    }

    // More than claimed is refused (and the database's CHECK would refuse it too); a denial needs a reason.
    expect(codes(await t.request(ADJUDICATE, { token: tokens.insurer, variables: { id: claim.id, d: 'APPROVE', a: '100.01' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.request(ADJUDICATE, { token: tokens.insurer, variables: { id: claim.id, d: 'DENY' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.request(ADJUDICATE, { token: tokens.billing, variables: { id: claim.id, d: 'APPROVE', a: '80.00' } }))).toEqual(['FORBIDDEN']);
    const approved = await t.request(ADJUDICATE, { token: tokens.insurer, variables: { id: claim.id, d: 'APPROVE', a: '80.00' } });
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.adjudicateClaim).toMatchObject({ status: 'APPROVED', approvedAmount: { amount: '80.00' }, denialReason: null });
    expect(codes(await t.request(ADJUDICATE, { token: tokens.insurer, variables: { id: claim.id, d: 'DENY', r: 'Changed our mind' } }))).toEqual(['CONFLICT']);

    // The insurer pays: an INSURANCE payment of 80.00 leaves the patient 20.00.
    const markPaid = 'mutation ($id: ID!) { markClaimPaid(id: $id) { id status invoice { status balance { amount } payments { method amount { amount } } } } }';
    const paid = await t.request(markPaid, { token: tokens.billing, variables: { id: claim.id } });
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.markClaimPaid).toMatchObject({ status: 'PAID', invoice: { status: 'ISSUED', balance: { amount: '20.00' } } });
    expect(paid.data!.markClaimPaid.invoice.payments.map((p: { method: string }) => p.method)).toEqual(['CARD', 'INSURANCE']);
    expect(codes(await t.request(markPaid, { token: tokens.billing, variables: { id: claim.id } }))).toEqual(['CONFLICT']);

    // The patient reads their own claim and coverage.
    const own = await t.request('{ me { patient { claims { id status } coverages { policyNumber active } invoices { id } } } }', { token: patient.token });
    expect(own.errors).toBeUndefined();
    expect(own.data!.me.patient).toMatchObject({ claims: [{ id: claim.id, status: 'PAID' }], coverages: [{ policyNumber: 'ACME-T-1', active: true }], invoices: [{ id: invoice.id }] });
  }, 60_000);

  it.skipIf(skip)("keeps billing to those the matrix names, through root fields, nested fields and _entities", async () => {
    // The demo: patient@ is insured with Acme and has an ISSUED invoice with a SUBMITTED claim.
    const mine = await t.request('{ me { patient { coverages { id insurer { id } active } claims { id status invoice { status } } invoices { id status } } } }', { token: tokens.patient });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.me.patient.coverages).toContainEqual({ id: DEMO_BILLING.coverage.id, insurer: { id: ACME }, active: true });
    expect(mine.data!.me.patient.claims).toContainEqual({ id: DEMO_BILLING.claim.id, status: 'SUBMITTED', invoice: { status: 'ISSUED' } });
    const ownList = (await t.request('{ invoices(first: 100) { totalCount nodes { id patient { id } } } claims { nodes { patient { id } } } }', { token: tokens.patient })).data!;
    expect(ownList.invoices.totalCount).toBeGreaterThanOrEqual(2);
    expect(ownList.invoices.nodes.every((n: { patient: { id: string } }) => n.patient.id === PATIENT)).toBe(true);
    expect(ownList.claims.nodes.every((n: { patient: { id: string } }) => n.patient.id === PATIENT)).toBe(true);
    const patient2Invoice = (await t.request(INVOICES_OF, { token: tokens.billing, variables: { p: PATIENT2 } })).data!.invoices.nodes[0].id as string;
    expect(codes(await t.request(INVOICE, { token: tokens.patient, variables: { id: patient2Invoice } }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.request('query ($id: ID!) { claim(id: $id) { id } }', { token: tokens.patient2, variables: { id: DEMO_BILLING.claim.id } }))).toEqual(['FORBIDDEN']);
    // Reads and writes for roles the matrix leaves out.
    for (const who of ['doctor', 'nurse', 'pharmacist'] as const) {
      for (const query of ['{ invoices { totalCount } }', '{ claims { totalCount } }', '{ feeSchedule { code } }'])
        expect(codes(await t.request(query, { token: tokens[who] })), `${who} ${query}`).toEqual(['FORBIDDEN']);
      expect(codes(await t.request(INVOICE, { token: tokens[who], variables: { id: patient2Invoice } }))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await t.request(ISSUE, { token: tokens.admin, variables: { id: patient2Invoice } }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.request(ISSUE, { token: tokens.patient2, variables: { id: patient2Invoice } }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.request('{ claims { totalCount } }', { token: tokens.admin }))).toEqual(['FORBIDDEN']);
    expect((await t.request('{ invoices { totalCount } }', { token: tokens.admin })).data!.invoices.totalCount).toBeGreaterThanOrEqual(4);
    expect(codes(await t.request('{ invoices { totalCount } }'))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.request('query ($id: ID!) { patient(id: $id) { claims { id } } }', { token: tokens.admin, variables: { id: PATIENT } }))).toEqual(['FORBIDDEN']);

    // _entities straight at the subgraph: nothing of patient@'s billing for others.
    const url = t.platform.subgraphs.billing!.url;
    const entities = (query: string, token: string, r: object[]) => t.request(`query ($r: [_Any!]!) { _entities(representations: $r) { ${query} } }`, { url, token, variables: { r } });
    const other = await createTestInsurer(t);
    const invoiceId = mine.data!.me.patient.invoices[0].id as string;
    for (const [who, token] of [['patient2', tokens.patient2], ['doctor', tokens.doctor], ['nurse', tokens.nurse], ['other insurer', other.token]] as const) {
      const invoice = await entities('... on Invoice { id number total { amount } balance { amount } patient { id } }', token, [{ __typename: 'Invoice', id: invoiceId }]);
      expect(codes(invoice), who).toContain('FORBIDDEN');
      expect(JSON.stringify(invoice.data), who).not.toContain(PATIENT);
      const claim = await entities('... on Claim { id status amount { amount } patient { id } }', token, [{ __typename: 'Claim', id: DEMO_BILLING.claim.id }]);
      expect(codes(claim), who).toContain('FORBIDDEN');
      expect(JSON.stringify(claim.data), who).not.toContain(PATIENT);
      const lists = await entities('... on Patient { invoices { id } coverages { id } claims { id } }', token, [{ __typename: 'Patient', id: PATIENT }]);
      expect(codes(lists), who).toContain('FORBIDDEN');
      expect(JSON.stringify(lists.data), who).not.toContain(invoiceId);
      const viaAppointment = await entities('... on Appointment { invoice { id total { amount } } }', token, [{ __typename: 'Appointment', id: DEMO_IDS.appointments.patientNext }]);
      expect(JSON.stringify(viaAppointment.data), who).not.toMatch(/"amount"/);
    }
    // Acme's user reaches the claimed invoice's billed lines, not its payments.
    const claimed = (await prisma().claim.findUnique({ where: { id: DEMO_BILLING.claim.id } })).invoiceId as string;
    const acmeInvoice = await entities('... on Invoice { number total { amount } lines { code } }', tokens.insurer, [{ __typename: 'Invoice', id: claimed }]);
    expect(acmeInvoice.errors).toBeUndefined();
    expect(acmeInvoice.data!._entities[0].lines.map((l: { code: string }) => l.code)).toEqual(['99213', '71046']);
    expect(codes(await entities('... on Invoice { payments { id } }', tokens.insurer, [{ __typename: 'Invoice', id: claimed }]))).toContain('FORBIDDEN');
    expect(codes(await entities('... on Invoice { id }', '', [{ __typename: 'Invoice', id: invoiceId }]))).toContain('UNAUTHENTICATED');
  }, 60_000);

  it.skipIf(skip)('batches: the SQL count of a list of invoices with their joins does not grow from 5 to 50', async () => {
    // What scheduling's relay publishes for 50 bookings of 10 patients (patient i % 10), without booking 50 slots.
    const patients: string[] = Array.from({ length: 10 }, () => randomUUID());
    for (let i = 0; i < 50; i++) {
      const appointmentId = randomUUID();
      const start = new Date(Date.now() + (i + 1) * DAY);
      await t.platform.bus.publish({
        id: randomUUID(),
        type: 'scheduling.appointment.booked',
        aggregateId: appointmentId,
        occurredAt: new Date().toISOString(),
        payload: { appointmentId, patientId: patients[i % 10]!, practitionerId: randomUUID(), start: start.toISOString(), end: new Date(start.getTime() + 1800_000).toISOString(), reason: null, status: 'BOOKED' },
      });
    }
    await t.platform.settle();
    const LIST = `query ($n: Int) { invoices(status: DRAFT, first: $n) { nodes { id total { amount } balance { amount }
      lines { code amount { amount } } payments { id } claims { id } appointment { invoice { id } }
      patient { id invoices { id } coverages { id } claims { id } } } } }`;
    const sqlFor = async (first: number) => {
      await t.request(LIST, { token: tokens.billing, variables: { n: first } }); // warm-up
      t.queries.reset();
      const result = await t.request(LIST, { token: tokens.billing, variables: { n: first } });
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.invoices.nodes as { patient: { id: string } }[];
      expect(nodes).toHaveLength(first);
      expect(nodes.every((n) => patients.includes(n.patient.id))).toBe(true);
      return t.queries.count('billing');
    };
    const five = await sqlFor(5);
    const fifty = await sqlFor(50);
    console.info(`billing SQL statements for a list of 5 / 50 invoices with their joins (${mode}): ${five} / ${fifty}`);
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(10);
  }, 120_000);
});
