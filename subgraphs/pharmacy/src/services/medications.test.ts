/** MedicationService against its real database: the catalogue, restocking, and one stock.low per crossing of the reorder level. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testViewer } from '@caregraph/testkit';
import { codeOf, openPharmacyTestDatabase } from '../../test/service-kit';
import { MAX_STOCK, MAX_UNITS } from './medications';

let t: Awaited<ReturnType<typeof openPharmacyTestDatabase>>;
beforeAll(async () => {
  t = await openPharmacyTestDatabase();
});
afterAll(() => t?.db.close());

const item = { code: '999001', name: 'Exampline', form: 'TABLET' as const, strength: '5 mg', reorderLevel: 5 };

describe('MedicationService', () => {
  it('lets only pharmacists add items and restock; validates codes; reads the catalogue for whoever reads prescriptions and ADMIN', async () => {
    for (const role of ['ADMIN', 'DOCTOR', 'NURSE', 'PATIENT', 'BILLING_CLERK'] as const) expect(await codeOf(t.pharmacy.medications.create(testViewer(role), item)), role).toBe('FORBIDDEN');
    expect(await codeOf(t.pharmacy.medications.create(t.pharmacist.viewer, { ...item, code: 'RX-1' }))).toBe('BAD_USER_INPUT');
    const created = await t.pharmacy.medications.create(t.pharmacist.viewer, item);
    expect(created).toMatchObject({ stockOnHand: 0, ingredients: ['exampline'] });
    expect(await codeOf(t.pharmacy.medications.create(t.pharmacist.viewer, item))).toBe('CONFLICT');
    expect(await codeOf(t.pharmacy.medications.restock(testViewer('ADMIN'), created.id, 5))).toBe('FORBIDDEN');
    expect(await codeOf(t.pharmacy.medications.restock(t.pharmacist.viewer, randomUUID(), 5))).toBe('NOT_FOUND');
    expect(await codeOf(t.pharmacy.medications.restock(t.pharmacist.viewer, created.id, 0))).toBe('BAD_USER_INPUT');
    for (const role of ['ADMIN', 'DOCTOR', 'NURSE', 'PATIENT', 'PHARMACIST'] as const) expect((await t.pharmacy.medications.get(testViewer(role), created.id))?.code).toBe('999001');
    for (const role of ['BILLING_CLERK', 'LAB_TECHNICIAN', 'INSURANCE_PROVIDER'] as const) expect(await codeOf(t.pharmacy.medications.get(testViewer(role), created.id))).toBe('FORBIDDEN');
    expect(await codeOf(t.pharmacy.medications.list(testViewer('PATIENT'), { lowStockOnly: true }))).toBe('FORBIDDEN');
    const low = await t.pharmacy.medications.list(testViewer('PHARMACIST'), { lowStockOnly: true, search: 'exampl', first: 100 });
    expect(low.nodes.map((m) => m.id)).toEqual([created.id]);
  });

  it('stops restocking at MAX_STOCK units, however often it is repeated, instead of overflowing the integer', async () => {
    const med = await t.medication({ stock: 0, reorderLevel: 5 });
    // Past 2^31 - 1 PostgreSQL refused the sum ("integer out of range"): an internal error.
    await t.db.prisma.medication.update({ where: { id: med.id }, data: { stockOnHand: 2 ** 31 - MAX_UNITS } });
    expect(await codeOf(t.pharmacy.medications.restock(t.pharmacist.viewer, med.id, MAX_UNITS))).toBe('CONFLICT');
    await t.db.prisma.medication.update({ where: { id: med.id }, data: { stockOnHand: MAX_STOCK - MAX_UNITS } });
    expect((await t.pharmacy.medications.restock(t.pharmacist.viewer, med.id, MAX_UNITS)).stockOnHand).toBe(MAX_STOCK);
    expect(await codeOf(t.pharmacy.medications.restock(t.pharmacist.viewer, med.id, 1))).toBe('CONFLICT');
  });

  it('announces pharmacy.stock.low once per crossing: not again further down, again after a restock above the level', async () => {
    const p = await t.patientWithCareTeam();
    const med = await t.medication({ stock: 12, reorderLevel: 5 });
    const { id } = await t.pharmacy.prescriptions.prescribe(p.doctor, { patientId: p.patientId, medicationId: med.id, quantity: 3, refills: 12, dosageInstructions: 'As needed' });
    const signals = async () => (await t.db.recorded('pharmacy.stock.low')).filter((e) => e.aggregateId === med.id);
    await t.pharmacy.prescriptions.dispense(t.pharmacist, id, 3); // 9
    await t.pharmacy.prescriptions.dispense(t.pharmacist, id, 3); // 6
    expect(await signals()).toHaveLength(0);
    await t.pharmacy.prescriptions.dispense(t.pharmacist, id, 3); // 3: crosses
    await t.pharmacy.prescriptions.dispense(t.pharmacist, id, 3); // 0
    expect((await signals()).map((e) => e.payload.stockOnHand)).toEqual([3]);
    await t.pharmacy.medications.restock(t.pharmacist.viewer, med.id, 4); // 4: still at or below, not re-armed
    await t.pharmacy.prescriptions.dispense(t.pharmacist, id, 1);
    expect(await signals()).toHaveLength(1);
    await t.pharmacy.medications.restock(t.pharmacist.viewer, med.id, 10); // 13: above, re-armed
    expect((await t.db.prisma.medication.findUnique({ where: { id: med.id } }))!.lowStockSignalled).toBe(false);
    await t.pharmacy.prescriptions.dispense(t.pharmacist, id, 3); // 10
    await t.pharmacy.prescriptions.dispense(t.pharmacist, id, 3); // 7
    await t.pharmacy.prescriptions.dispense(t.pharmacist, id, 3); // 4: crosses again
    expect((await signals()).map((e) => e.payload.stockOnHand)).toEqual([3, 4]);
  });
});
