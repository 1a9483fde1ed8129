/** PrescriptionService against its real database: who prescribes and dispenses, allergies, the lifecycle, and the counted units. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testViewer } from '@caregraph/testkit';
import { codeOf, openPharmacyTestDatabase } from '../../test/service-kit';

let t: Awaited<ReturnType<typeof openPharmacyTestDatabase>>;
beforeAll(async () => {
  t = await openPharmacyTestDatabase();
});
afterAll(() => t?.db.close());

const rx = (patientId: string, medicationId: string, more: Record<string, unknown> = {}) => ({ patientId, medicationId, quantity: 10, refills: 1, dosageInstructions: 'One tablet daily', ...more });

describe('PrescriptionService', () => {
  it('lets only a care-team doctor prescribe, for a known and active patient; the patient, care team and pharmacists read it', async () => {
    const p = await t.patientWithCareTeam();
    const med = await t.medication({ stock: 50 });
    for (const who of [p.nurse, p.self, t.pharmacist, ...p.outsiders]) expect(await codeOf(t.pharmacy.prescriptions.prescribe(who, rx(p.patientId, med.id)))).toBe('FORBIDDEN');
    const prescription = await t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, med.id));
    expect(prescription).toMatchObject({ status: 'ACTIVE', prescriberId: p.doctor.viewer!.practitionerId, quantity: 10, refills: 1, dispensedQuantity: 0 });
    for (const who of [p.doctor, p.nurse, p.self, t.pharmacist]) expect((await t.pharmacy.prescriptions.get(who, prescription.id))?.id).toBe(prescription.id);
    for (const who of p.outsiders) expect(await codeOf(t.pharmacy.prescriptions.get(who, prescription.id))).toBe('FORBIDDEN');
    expect((await t.db.recorded('pharmacy.prescription.created')).at(-1)?.payload).toMatchObject({ prescriptionId: prescription.id, patientId: p.patientId, refillsRemaining: 1 });

    expect(await codeOf(t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, randomUUID())))).toBe('NOT_FOUND');
    expect(await codeOf(t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, med.id, { quantity: 0 })))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, med.id, { refills: 13 })))).toBe('BAD_USER_INPUT');
    await t.db.prisma.knownPatient.update({ where: { id: p.patientId }, data: { active: false } });
    expect(await codeOf(t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, med.id)))).toBe('CONFLICT');
    const stranger = randomUUID();
    await t.db.prisma.careTeamAccess.create({ data: { patientId: stranger, practitionerId: p.doctor.viewer!.practitionerId! } });
    expect(await codeOf(t.pharmacy.prescriptions.prescribe(p.doctor, rx(stranger, med.id)))).toBe('NOT_FOUND');
  });

  it('refuses a medication matching a recorded allergy without an override reason, and keeps the reason with one', async () => {
    const p = await t.patientWithCareTeam();
    await t.db.events.transaction((tx) =>
      t.pharmacy.allergies.apply(tx, { allergyId: randomUUID(), patientId: p.patientId, substance: 'Penicillin', severity: 'SEVERE', status: 'ACTIVE', version: 1, supersedes: null, lineageId: randomUUID() }),
    );
    const amoxicillin = await t.medication({ stock: 50, ingredients: ['amoxicillin', 'penicillin'] });
    const before = (await t.db.recorded()).length;
    const refused = t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, amoxicillin.id));
    await expect(refused).rejects.toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('Penicillin') });
    expect((await t.db.recorded()).length).toBe(before);
    const overridden = await t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, amoxicillin.id, { allergyOverrideReason: 'Tolerated amoxicillin in 2023 under observation' }));
    expect(overridden).toMatchObject({ allergyOverrideReason: 'Tolerated amoxicillin in 2023 under observation', overriddenAllergies: ['Penicillin'] });
    const safe = await t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, (await t.medication({ stock: 5 })).id));
    expect(safe).toMatchObject({ allergyOverrideReason: null, overriddenAllergies: [] });
  });

  it('dispenses fills up to quantity × (1 + refills), completes on the last unit, and refuses more; a refusal changes nothing', async () => {
    const p = await t.patientWithCareTeam();
    const med = await t.medication({ stock: 100 });
    const prescription = await t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, med.id, { quantity: 10, refills: 1 }));
    for (const who of [p.doctor, p.nurse, p.self, t.access(testViewer('ADMIN'))]) expect(await codeOf(t.pharmacy.prescriptions.dispense(who, prescription.id, 1))).toBe('FORBIDDEN');
    expect(await codeOf(t.pharmacy.prescriptions.dispense(t.pharmacist, prescription.id, 11))).toBe('BAD_USER_INPUT');
    await t.pharmacy.prescriptions.dispense(t.pharmacist, prescription.id, 10);
    await t.pharmacy.prescriptions.dispense(t.pharmacist, prescription.id, 6);
    const before = { stock: (await t.db.prisma.medication.findUnique({ where: { id: med.id } }))!.stockOnHand, events: (await t.db.recorded()).length };
    expect(await codeOf(t.pharmacy.prescriptions.dispense(t.pharmacist, prescription.id, 5))).toBe('CONFLICT');
    expect({ stock: (await t.db.prisma.medication.findUnique({ where: { id: med.id } }))!.stockOnHand, events: (await t.db.recorded()).length }).toEqual(before);
    const last = await t.pharmacy.prescriptions.dispense(t.pharmacist, prescription.id, 4);
    expect(last).toMatchObject({ quantity: 4, dispenserId: t.pharmacist.viewer!.practitionerId });
    expect(await t.db.prisma.prescription.findUnique({ where: { id: prescription.id } })).toMatchObject({ status: 'COMPLETED', dispensedQuantity: 20 });
    expect((await t.db.recorded('pharmacy.prescription.completed')).filter((e) => e.aggregateId === prescription.id)).toHaveLength(1);
    expect(await codeOf(t.pharmacy.prescriptions.dispense(t.pharmacist, prescription.id, 1))).toBe('CONFLICT');
    expect((await t.db.prisma.medication.findUnique({ where: { id: med.id } }))!.stockOnHand).toBe(80);
  });

  it('refuses a dispense past the stock, and the database refuses an over-dispense or negative stock whatever the code does', async () => {
    const p = await t.patientWithCareTeam();
    const med = await t.medication({ stock: 3 });
    const prescription = await t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, med.id));
    await expect(t.pharmacy.prescriptions.dispense(t.pharmacist, prescription.id, 4)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('Only 3 units') });
    expect(await t.db.prisma.prescription.findUnique({ where: { id: prescription.id } })).toMatchObject({ dispensedQuantity: 0, status: 'ACTIVE' });
    await expect(t.db.prisma.medication.update({ where: { id: med.id }, data: { stockOnHand: -1 } })).rejects.toThrow();
    await expect(t.db.prisma.prescription.update({ where: { id: prescription.id }, data: { dispensedQuantity: 21 } })).rejects.toThrow();
    await expect(t.db.prisma.prescription.update({ where: { id: prescription.id }, data: { status: 'COMPLETED' } })).rejects.toThrow();
  });

  it('holds, resumes and cancels through the table; nothing is dispensed on hold or after cancelling', async () => {
    const p = await t.patientWithCareTeam();
    const med = await t.medication({ stock: 100 });
    const { id } = await t.pharmacy.prescriptions.prescribe(p.doctor, rx(p.patientId, med.id));
    for (const who of [p.nurse, p.self, t.pharmacist, ...p.outsiders]) expect(await codeOf(t.pharmacy.prescriptions.hold(who, id, 'Review'))).toBe('FORBIDDEN');
    expect(await t.pharmacy.prescriptions.hold(p.doctor, id, 'Awaiting kidney function results')).toMatchObject({ status: 'ON_HOLD', holdReason: 'Awaiting kidney function results' });
    expect(await codeOf(t.pharmacy.prescriptions.dispense(t.pharmacist, id, 1))).toBe('CONFLICT');
    expect(await codeOf(t.pharmacy.prescriptions.hold(p.doctor, id, 'again'))).toBe('CONFLICT');
    expect(await t.pharmacy.prescriptions.resume(p.doctor, id)).toMatchObject({ status: 'ACTIVE', holdReason: null });
    expect(await t.pharmacy.prescriptions.cancel(p.doctor, id, 'Switched to another medication')).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Switched to another medication' });
    expect(await codeOf(t.pharmacy.prescriptions.resume(p.doctor, id))).toBe('CONFLICT');
    expect(await codeOf(t.pharmacy.prescriptions.dispense(t.pharmacist, id, 1))).toBe('CONFLICT');
    expect((await t.db.recorded()).filter((e) => e.aggregateId === id).map((e) => e.type)).toEqual([
      'pharmacy.prescription.created', 'pharmacy.prescription.held', 'pharmacy.prescription.resumed', 'pharmacy.prescription.cancelled',
    ]);
  });
});
