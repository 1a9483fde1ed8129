/** FeeScheduleService against its real database: who reads and who prices, five-character codes, and prices that do not reach back into invoices. */
import { testViewer, thrownBy } from '@caregraph/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, openBillingTestDatabase } from '../../test/service-kit';
import { requireCode } from './fee-schedule';

let t: Awaited<ReturnType<typeof openBillingTestDatabase>>;
beforeAll(async () => {
  t = await openBillingTestDatabase();
});
afterAll(() => t?.db.close());

/** The code and the field of the error a call ends with, e.g. "BAD_USER_INPUT code", or 'ok'. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string; field?: string } }) => `${error.extensions?.code} ${error.extensions?.field ?? ''}`.trim());

describe('requireCode', () => {
  it('trims and upper-cases CPT and HCPCS codes, and refuses anything but five letters or digits naming the field', () => {
    expect(['99213', ' 0001f ', 'j1100'].map((code) => requireCode(code))).toEqual(['99213', '0001F', 'J1100']);
    for (const bad of ['9921', '992130', '99-13', '99 13', '', 'J110\u0000'])
      expect(thrownBy(() => requireCode(bad))?.[0], JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    expect(thrownBy(() => requireCode('x', 'lines.0.code'))?.[1]).toMatch(/^lines\.0\.code must be a five-character billing code/);
  });
});

describe('FeeScheduleService', () => {
  it('shows the schedule by code to administrators, billing clerks and patients only', async () => {
    for (const role of ['ADMIN', 'BILLING_CLERK', 'PATIENT'] as const)
      expect((await t.billing.feeSchedule.list(testViewer(role))).map((item) => item.code), role).toEqual(expect.arrayContaining(['36415', '99213']));
    const codes = (await t.billing.feeSchedule.list(t.clerk.viewer)).map((item) => item.code);
    expect(codes).toEqual([...codes].sort());
    for (const role of ['DOCTOR', 'NURSE', 'PHARMACIST', 'LAB_TECHNICIAN', 'INSURANCE_PROVIDER'] as const)
      expect(await codeOf(t.billing.feeSchedule.list(testViewer(role))), role).toBe('FORBIDDEN');
    expect(await codeOf(t.billing.feeSchedule.list(undefined))).toBe('UNAUTHENTICATED');
  });

  it('lets only a billing clerk price a code, in USD, and replaces a code\'s description and price in place', async () => {
    const item = { code: 'J1100', description: 'Dexamethasone injection, 1 mg', unitPrice: '4.20' };
    expect(await codeOf(t.billing.feeSchedule.set(undefined, item))).toBe('UNAUTHENTICATED');
    for (const role of ['ADMIN', 'PATIENT', 'DOCTOR', 'INSURANCE_PROVIDER'] as const) expect(await codeOf(t.billing.feeSchedule.set(testViewer(role), item)), role).toBe('FORBIDDEN');
    expect(await t.db.prisma.feeScheduleItem.findUnique({ where: { code: 'J1100' } })).toBeNull();

    const priced = await t.billing.feeSchedule.set(t.clerk.viewer, { code: ' j1100 ', description: '  Dexamethasone injection  ', unitPrice: '4.2' });
    expect([priced.code, priced.description, priced.unitPrice.toFixed(2), priced.currency]).toEqual(['J1100', 'Dexamethasone injection', '4.20', 'USD']);
    const repriced = await t.billing.feeSchedule.set(t.clerk.viewer, { code: 'J1100', description: 'Dexamethasone, 1 mg', unitPrice: '0' });
    expect([repriced.description, repriced.unitPrice.toFixed(2)]).toEqual(['Dexamethasone, 1 mg', '0.00']);
    expect(await t.db.prisma.feeScheduleItem.count({ where: { code: 'J1100' } })).toBe(1);
  });

  it('refuses a bad code, description or price with BAD_USER_INPUT naming the field, and changes nothing', async () => {
    const item = { code: '36415', description: 'Routine venipuncture', unitPrice: '15.00' };
    for (const [changes, field] of [
      [{ code: '3641' }, 'code'],
      [{ description: '  ' }, 'description'],
      [{ description: 'x'.repeat(201) }, 'description'],
      [{ description: 'Two\nlines' }, 'description'],
      [{ unitPrice: '-1.00' }, 'unitPrice'],
      [{ unitPrice: '15.001' }, 'unitPrice'],
      [{ unitPrice: 'free' }, 'unitPrice'],
    ] as const)
      expect(await refusal(t.billing.feeSchedule.set(t.clerk.viewer, { ...item, ...changes })), JSON.stringify(changes)).toBe(`BAD_USER_INPUT ${field}`);
    const stored = (await t.db.prisma.feeScheduleItem.findUnique({ where: { code: '36415' } }))!;
    expect([stored.description, stored.unitPrice.toFixed(2)]).toEqual(['Routine venipuncture', '15.00']);
  });

  it('prices new invoice lines only: a line already on an invoice keeps its price', async () => {
    const before = await t.book(await t.booking());
    await t.billing.feeSchedule.set(t.clerk.viewer, { code: '99213', description: 'Office visit, established patient', unitPrice: '130.00' });
    try {
      const after = await t.book(await t.booking());
      const lineOf = async (invoiceId: string) => (await t.db.prisma.invoiceLine.findFirstOrThrow({ where: { invoiceId, code: '99213' } })).amount.toFixed(2);
      expect(await lineOf(before.id)).toBe('125.00');
      expect((await t.db.prisma.invoice.findUnique({ where: { id: before.id } }))!.total.toFixed(2)).toBe('125.00');
      expect(await lineOf(after.id)).toBe('130.00');
    } finally {
      await t.billing.feeSchedule.set(t.clerk.viewer, { code: '99213', description: 'Office visit, established patient', unitPrice: '125.00' });
    }
  });
});
