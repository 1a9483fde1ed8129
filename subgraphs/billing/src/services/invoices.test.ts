/** InvoiceService against its real database: drafts from bookings once, DRAFT-only lines, payments once per key and never past the total. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, openBillingTestDatabase } from '../../test/service-kit';
import { visitCode } from './invoices';

let t: Awaited<ReturnType<typeof openBillingTestDatabase>>;
beforeAll(async () => {
  t = await openBillingTestDatabase();
});
afterAll(() => t?.db.close());

describe('InvoiceService', () => {
  it('opens one DRAFT invoice per booking with the visit line from the fee schedule, however often the booking is applied', async () => {
    const facts = await t.booking();
    const invoice = await t.book(facts);
    expect(invoice).toMatchObject({ status: 'DRAFT', patientId: facts.patientId, appointmentId: facts.appointmentId, number: expect.stringMatching(/^INV-\d{4}-\d{6}$/) });
    expect(invoice.total.toFixed(2)).toBe('125.00');
    await t.book(facts);
    await t.book(facts);
    expect(await t.db.prisma.invoice.count({ where: { appointmentId: facts.appointmentId } })).toBe(1);
    const lines = await t.db.prisma.invoiceLine.findMany({ where: { invoiceId: invoice.id } });
    expect(lines.map((l) => [l.code, l.quantity, l.amount.toFixed(2)])).toEqual([['99213', 1, '125.00']]);
    // Two bookings at once still make two invoices with two different numbers, and one of each event.
    const [a, b] = await Promise.all([t.booking().then(t.book), t.booking().then(t.book)]);
    expect(a.number).not.toBe(b.number);
    expect((await t.db.recorded('billing.invoice.drafted')).filter((e) => e.aggregateId === invoice.id)).toHaveLength(1);
  });

  it('bills 99213 up to 30 minutes and 99214 beyond, and opens an empty draft when the code has no price', async () => {
    const start = '2026-01-05T09:00:00.000Z';
    expect(visitCode({ start, end: '2026-01-05T09:30:00.000Z' })).toBe('99213');
    expect(visitCode({ start, end: '2026-01-05T09:45:00.000Z' })).toBe('99214');
    const facts = { ...(await t.booking()), end: new Date(Date.now() + 86_400_000 + 3600_000).toISOString() };
    const invoice = await t.book(facts);
    expect(invoice.total.toFixed(2)).toBe('0.00');
    expect(await codeOf(t.billing.invoices.issue(t.clerk, invoice.id))).toBe('CONFLICT');
  });

  it('voids a booking\'s draft on cancellation, and leaves an issued invoice alone', async () => {
    const facts = await t.booking();
    const invoice = await t.book(facts);
    await t.db.events.transaction((tx) => t.billing.invoices.voidForAppointment(tx, facts, 'Appointment cancelled'));
    expect(await t.db.prisma.invoice.findUnique({ where: { id: invoice.id } })).toMatchObject({ status: 'VOID', voidReason: 'Appointment cancelled' });
    const issued = await t.issuedInvoice();
    await t.db.events.transaction((tx) => t.billing.invoices.voidForAppointment(tx, issued.facts, 'Appointment cancelled'));
    expect((await t.db.prisma.invoice.findUnique({ where: { id: issued.invoice.id } }))!.status).toBe('ISSUED');
  });

  it('lets only a billing clerk change invoices, and adds lines to DRAFT invoices only', async () => {
    const facts = await t.booking();
    const invoice = await t.book(facts);
    for (const who of [t.as('ADMIN'), t.as('PATIENT', { patientId: facts.patientId }), t.as('DOCTOR'), t.access(undefined)])
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(await codeOf(t.billing.invoices.addLine(who, invoice.id, { code: '36415' })));
    const grown = await t.billing.invoices.addLine(t.clerk, invoice.id, { code: '36415', quantity: 3 });
    expect(grown.total.toFixed(2)).toBe('170.00');
    const custom = await t.billing.invoices.addLine(t.clerk, invoice.id, { description: 'Splint', unitPrice: '12.34', quantity: 2 });
    expect(custom.total.toFixed(2)).toBe('194.68');
    expect(await codeOf(t.billing.invoices.addLine(t.clerk, invoice.id, { code: '00000' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.billing.invoices.addLine(t.clerk, invoice.id, { description: 'No price' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.billing.invoices.addLine(t.clerk, invoice.id, { code: '36415', quantity: 0 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.billing.invoices.addLine(t.clerk, invoice.id, { description: 'x', unitPrice: '1.001' }))).toBe('BAD_USER_INPUT');
    await t.billing.invoices.issue(t.clerk, invoice.id);
    expect(await codeOf(t.billing.invoices.addLine(t.clerk, invoice.id, { code: '36415' }))).toBe('CONFLICT');
    expect(await codeOf(t.billing.invoices.addLine(t.clerk, randomUUID(), { code: '36415' }))).toBe('NOT_FOUND');
  });

  it('records a payment once per key, however many race, and a key reused for another payment is CONFLICT', async () => {
    const { invoice } = await t.issuedInvoice();
    const pay = (amount: string, key: string) => t.billing.invoices.recordPayment(t.clerk, { invoiceId: invoice.id, amount, method: 'CARD', idempotencyKey: key });
    const key = randomUUID();
    const payments = await Promise.all(Array.from({ length: 10 }, () => pay('25.00', key)));
    expect(new Set(payments.map((p) => p.id)).size).toBe(1);
    expect(await t.db.prisma.payment.count({ where: { invoiceId: invoice.id } })).toBe(1);
    expect((await t.db.recorded('billing.payment.recorded')).filter((e) => e.payload.invoiceId === invoice.id)).toHaveLength(1);
    expect(await codeOf(pay('26.00', key))).toBe('CONFLICT');
    expect(await codeOf(t.billing.invoices.recordPayment(t.clerk, { invoiceId: invoice.id, amount: '25.00', method: 'CASH', idempotencyKey: key }))).toBe('CONFLICT');
    expect(await codeOf(t.billing.invoices.recordPayment(t.clerk, { invoiceId: invoice.id, amount: '1.00', method: 'INSURANCE', idempotencyKey: randomUUID() }))).toBe('BAD_USER_INPUT');
  });

  it('never overpays, concurrent payments included, and is PAID exactly when balanced', async () => {
    const { invoice } = await t.issuedInvoice();
    const pay = (amount: string) => codeOf(t.billing.invoices.recordPayment(t.clerk, { invoiceId: invoice.id, amount, method: 'CASH', idempotencyKey: randomUUID() }));
    expect(await pay('125.01')).toBe('CONFLICT');
    const outcomes = await Promise.all(['100.00', '100.00', '100.00'].map(pay));
    expect(outcomes.sort()).toEqual(['CONFLICT', 'CONFLICT', 'ok']);
    expect((await t.db.prisma.invoice.findUnique({ where: { id: invoice.id } }))!.status).toBe('ISSUED');
    expect(await pay('25.00')).toBe('ok');
    const paid = (await t.db.prisma.invoice.findUnique({ where: { id: invoice.id } }))!;
    expect([paid.status, paid.paid.toFixed(2), paid.total.toFixed(2)]).toEqual(['PAID', '125.00', '125.00']);
    expect(await pay('0.01')).toBe('CONFLICT');
    expect((await t.db.recorded('billing.invoice.paid')).filter((e) => e.aggregateId === invoice.id)).toHaveLength(1);
  });

  it('keeps the money rules in the database, whatever writes to it', async () => {
    const { invoice } = await t.issuedInvoice();
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE invoices SET paid = total + 1 WHERE id = $1::uuid`, invoice.id)).rejects.toThrow(/invoices_paid_within_total/);
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE invoices SET status = 'PAID' WHERE id = $1::uuid`, invoice.id)).rejects.toThrow(/invoices_paid_means_balanced/);
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE invoice_lines SET amount = amount + 1 WHERE invoice_id = $1::uuid`, invoice.id)).rejects.toThrow(/invoice_lines_amount_is_product/);
    await t.billing.invoices.recordPayment(t.clerk, { invoiceId: invoice.id, amount: '5.00', method: 'CASH', idempotencyKey: randomUUID() });
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE invoices SET status = 'VOID', void_reason = 'x' WHERE id = $1::uuid`, invoice.id)).rejects.toThrow(/invoices_payments_only_when_issued/);
    expect(await codeOf(t.billing.invoices.void(t.clerk, invoice.id, 'Entered twice'))).toBe('CONFLICT');
  });

  it('voids a DRAFT or an unpaid ISSUED invoice once, with a reason', async () => {
    const { invoice } = await t.issuedInvoice();
    expect(await codeOf(t.billing.invoices.void(t.clerk, invoice.id, ' '))).toBe('BAD_USER_INPUT');
    expect(await t.billing.invoices.void(t.clerk, invoice.id, 'Entered twice')).toMatchObject({ status: 'VOID', voidReason: 'Entered twice' });
    expect(await codeOf(t.billing.invoices.void(t.clerk, invoice.id, 'Again'))).toBe('CONFLICT');
    expect(await codeOf(t.billing.invoices.issue(t.clerk, invoice.id))).toBe('CONFLICT');
  });
});
