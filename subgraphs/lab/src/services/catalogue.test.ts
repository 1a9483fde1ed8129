/** LabTestService against its real database: everyone signed in reads the catalogue, only ADMIN defines, ranges nest and fit the columns. */
import { testViewer, thrownBy } from '@caregraph/testkit';
import { loincCheckDigit } from '@caregraph/validation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, openLabTestDatabase } from '../../test/service-kit';
import type { DefineLabTestInput } from './catalogue';

let t: Awaited<ReturnType<typeof openLabTestDatabase>>;
beforeAll(async () => {
  t = await openLabTestDatabase();
});
afterAll(() => t?.db.close());

const admin = testViewer('ADMIN');
// A fresh valid LOINC code per call, far from the demo catalogue's.
let next = 9_000_000;
const newCode = () => {
  const number = String(next++);
  return `${number}-${loincCheckDigit(number)}`;
};
const input = (changes: Partial<DefineLabTestInput> = {}): DefineLabTestInput => ({ code: newCode(), name: 'Sodium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', referenceLow: '136', referenceHigh: '145', criticalLow: '120', criticalHigh: '160', ...changes });
/** The code and the field of the error a call ends with, e.g. "BAD_USER_INPUT unit", or 'ok'. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string; field?: string } }) => `${error.extensions?.code} ${error.extensions?.field ?? ''}`.trim());

describe('LabTestService', () => {
  it('lists the catalogue by code to everyone signed in, and to nobody signed out', async () => {
    for (const role of ['ADMIN', 'DOCTOR', 'NURSE', 'PATIENT', 'LAB_TECHNICIAN', 'PHARMACIST', 'BILLING_CLERK', 'INSURANCE_PROVIDER'] as const) {
      const codes = (await t.lab.tests.list(testViewer(role))).map((test) => test.code);
      expect(codes, role).toEqual(expect.arrayContaining(['2160-0', '2345-7', '2823-3', '4548-4', '718-7']));
    }
    const codes = (await t.lab.tests.list(admin)).map((test) => test.code).filter((code) => !code.startsWith('9'));
    expect(codes).toEqual(['2160-0', '2345-7', '2823-3', '4548-4', '718-7']);
    // `list` is not async: it throws before there is a promise.
    expect(thrownBy(() => t.lab.tests.list(undefined))?.[0]).toBe('UNAUTHENTICATED');
  });

  it('lets only an administrator define a test, stored as sent (trimmed), once per code', async () => {
    const code = newCode();
    expect(await codeOf(t.lab.tests.define(undefined, input({ code })))).toBe('UNAUTHENTICATED');
    for (const role of ['DOCTOR', 'NURSE', 'PATIENT', 'LAB_TECHNICIAN', 'PHARMACIST', 'BILLING_CLERK'] as const)
      expect(await codeOf(t.lab.tests.define(testViewer(role), input({ code }))), role).toBe('FORBIDDEN');
    expect(await t.db.prisma.labTest.findUnique({ where: { code } })).toBeNull();

    const test = await t.lab.tests.define(admin, input({ code: ` ${code} `, name: '  Sodium  ', unit: ' mmol/L ', referenceLow: ' 136.5 ', criticalLow: null, criticalHigh: undefined }));
    expect(test).toMatchObject({ code, name: 'Sodium', unit: 'mmol/L', criticalLow: null, criticalHigh: null });
    expect([test.referenceLow.toFixed(4), test.referenceHigh.toFixed(4)]).toEqual(['136.5000', '145.0000']);
    expect((await t.lab.tests.list(testViewer('DOCTOR'))).map((row) => row.code)).toContain(code);
    expect(await codeOf(t.lab.tests.define(admin, input({ code, name: 'Sodium again' })))).toBe('CONFLICT');
    expect((await t.db.prisma.labTest.findUnique({ where: { code } }))!.name).toBe('Sodium');
  });

  it('refuses a bad code, name, unit or range with BAD_USER_INPUT naming the field, and stores nothing', async () => {
    const before = await t.db.prisma.labTest.count();
    const cases: [Partial<DefineLabTestInput>, string][] = [
      [{ code: '2345-8' }, 'code'], // wrong check digit
      [{ code: 'ABC-1' }, 'code'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ unit: 'mg per dL' }, 'unit'],
      [{ unit: '' }, 'unit'],
      [{ unit: 'm'.repeat(31) }, 'unit'],
      [{ unit: 'mg/dL\n' + 'x' }, 'unit'],
      [{ referenceLow: 'low' }, 'referenceLow'],
      [{ referenceHigh: '1.23456' }, 'referenceHigh'],
      [{ referenceHigh: '100000000', criticalHigh: null }, 'referenceHigh'], // beyond numeric(12, 4)
      [{ criticalLow: '-100000000' }, 'criticalLow'],
      [{ criticalHigh: '1e3' }, 'criticalHigh'],
      [{ referenceLow: '146' }, 'referenceLow'], // above referenceHigh
      [{ criticalLow: '137' }, 'criticalLow'], // above referenceLow
      [{ criticalHigh: '144.9999' }, 'criticalHigh'], // below referenceHigh
    ];
    for (const [changes, field] of cases) expect(await refusal(t.lab.tests.define(admin, input(changes))), JSON.stringify(changes)).toBe(`BAD_USER_INPUT ${field}`);
    expect(await t.db.prisma.labTest.count()).toBe(before);
  });

  it('accepts ranges that touch and the largest range the columns hold', async () => {
    const touching = await t.lab.tests.define(admin, input({ referenceLow: '5', referenceHigh: '5', criticalLow: '5', criticalHigh: '5' }));
    expect(touching.criticalLow?.toFixed(0)).toBe('5');
    const wide = await t.lab.tests.define(admin, input({ unit: '10*3/uL', referenceLow: '-99999999', referenceHigh: '99999999', criticalLow: null, criticalHigh: null }));
    expect([wide.unit, wide.referenceLow.toFixed(0), wide.referenceHigh.toFixed(0)]).toEqual(['10*3/uL', '-99999999', '99999999']);
  });

  it('finds a test for ordering by its checked code, naming the caller\'s field when it is not in the catalogue', async () => {
    expect((await t.lab.tests.require(' 718-7 ', 'testCode')).name).toBe('Hemoglobin [Mass/volume] in Blood');
    expect(await refusal(t.lab.tests.require(newCode(), 'testCode'))).toBe('BAD_USER_INPUT testCode');
    expect(await refusal(t.lab.tests.require('718-6', 'tests.0'))).toBe('BAD_USER_INPUT tests.0');
  });
});
