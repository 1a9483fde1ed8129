/** LabOrderService against its real database: who orders, collects, results, corrects, cancels and reads; the lifecycle; events. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOutboxWrites, testViewer } from '@caregraph/testkit';
import { codeOf, openLabTestDatabase } from '../../test/service-kit';

let t: Awaited<ReturnType<typeof openLabTestDatabase>>;
beforeAll(async () => {
  t = await openLabTestDatabase();
});
afterAll(() => t?.db.close());

describe('LabOrderService', () => {
  it('lets a care-team doctor order for a known active patient, nobody else, and announces it', async () => {
    const p = await t.patientWithCareTeam();
    const order = await t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '2345-7', priority: 'STAT' });
    expect(order).toMatchObject({ status: 'ORDERED', priority: 'STAT', orderedById: p.doctor.viewer!.practitionerId, testCode: '2345-7' });
    for (const who of [p.nurse, p.self, ...p.outsiders, t.access(t.technician)])
      expect(await codeOf(t.lab.orders.order(who, { patientId: p.patientId, testCode: '2345-7' })), who.viewer?.role).toBe('FORBIDDEN');
    const [event] = (await t.db.recorded('lab.order.placed')).filter((e) => e.aggregateId === order.id);
    expect(event?.payload).toEqual({ orderId: order.id, patientId: p.patientId, orderedById: order.orderedById, testCode: '2345-7', testName: 'Glucose [Mass/volume] in Serum or Plasma', priority: 'STAT', status: 'ORDERED' });
  });

  it('orders nothing for an unknown or deactivated patient, a test outside the catalogue or a bad LOINC code', async () => {
    const before = { orders: await t.db.prisma.labOrder.count(), events: await countOutboxWrites(t.db.prisma) };
    const gone = await t.patientWithCareTeam({ active: false });
    expect(await codeOf(t.lab.orders.order(gone.doctor, { patientId: gone.patientId, testCode: '2345-7' }))).toBe('CONFLICT');
    const unknown = randomUUID();
    const doctor = t.clinician('DOCTOR');
    await t.db.prisma.careTeamAccess.create({ data: { patientId: unknown, practitionerId: doctor.practitionerId! } });
    expect(await codeOf(t.lab.orders.order(t.access(doctor), { patientId: unknown, testCode: '2345-7' }))).toBe('NOT_FOUND');
    const p = await t.patientWithCareTeam();
    expect(await codeOf(t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '2951-2' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '2345-8' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.lab.orders.order(p.doctor, { patientId: 'not-a-uuid', testCode: '2345-7' }))).toBe('BAD_USER_INPUT');
    expect({ orders: await t.db.prisma.labOrder.count(), events: await countOutboxWrites(t.db.prisma) }).toEqual(before);
  });

  it('walks an order through collection and result by a technician only, interpreting the value exactly', async () => {
    const p = await t.patientWithCareTeam();
    const order = await t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '2823-3' });
    expect(await codeOf(t.lab.orders.recordResult(t.technician, order.id, '4.0'))).toBe('CONFLICT');
    for (const who of [p.doctor, p.nurse, p.self]) expect(await codeOf(t.lab.orders.collect(who.viewer, order.id))).toBe('FORBIDDEN');
    const collected = await t.lab.orders.collect(t.technician, order.id);
    expect(collected).toMatchObject({ status: 'COLLECTED', collectedById: t.technician.practitionerId, specimenCollectedAt: expect.any(Date) });
    expect(await codeOf(t.lab.orders.collect(t.technician, order.id))).toBe('CONFLICT');
    for (const bad of ['high', '4,5', '', '1e3', '4.12345']) expect(await codeOf(t.lab.orders.recordResult(t.technician, order.id, bad)), bad).toBe('BAD_USER_INPUT');
    const resulted = await t.lab.orders.recordResult(t.technician, order.id, '6.5');
    expect(resulted.status).toBe('RESULTED');
    const [result] = await t.lab.orders.currentResults([order.id]);
    expect(result).toMatchObject({ version: 1, value: '6.5', unit: 'mmol/L', interpretation: 'CRITICAL', performerId: t.technician.practitionerId, supersedesId: null });
    expect(await codeOf(t.lab.orders.recordResult(t.technician, order.id, '4.0'))).toBe('CONFLICT');
    expect(await codeOf(t.lab.orders.cancel(t.access(t.technician), order.id, 'Too late'))).toBe('CONFLICT');
    const [event] = (await t.db.recorded('lab.result.recorded')).filter((e) => e.aggregateId === result!.id);
    expect(event?.payload).toMatchObject({ orderId: order.id, resultId: result!.id, value: '6.5', unit: 'mmol/L', interpretation: 'CRITICAL', version: 1, supersedes: null, lineageId: result!.id, performerId: t.technician.practitionerId, status: 'RESULTED' });
  });

  it('corrects a result as a new version keeping the old one, and lets only one of two racing corrections win', async () => {
    const p = await t.patientWithCareTeam();
    const order = await t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '2345-7' });
    await t.lab.orders.collect(t.technician, order.id);
    await t.lab.orders.recordResult(t.technician, order.id, '250');
    expect(await codeOf(t.lab.orders.correctResult(t.technician, order.id, '250', 'Same'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.lab.orders.correctResult(t.technician, order.id, '95', ' '))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.lab.orders.correctResult(p.doctor.viewer, order.id, '95', 'Mine'))).toBe('FORBIDDEN');
    await t.lab.orders.correctResult(t.technician, order.id, '95', 'Sample from the wrong tube');
    const versions = await t.db.prisma.labResult.findMany({ where: { orderId: order.id }, orderBy: { version: 'asc' } });
    expect(versions).toMatchObject([
      { version: 1, value: '250', interpretation: 'HIGH', changeReason: null },
      { version: 2, value: '95', interpretation: 'NORMAL', supersedesId: versions[0]!.id, lineageId: versions[0]!.id, changeReason: 'Sample from the wrong tube' },
    ]);
    const raced = await Promise.all(['60', '61'].map((value) => codeOf(t.lab.orders.correctResult(t.technician, order.id, value, 'Race'))));
    expect(raced.sort()).toEqual(['CONFLICT', 'ok']);
    expect(await t.db.prisma.labResult.count({ where: { orderId: order.id } })).toBe(3);
  });

  it('cancels an open order by a care-team doctor or a technician, with a reason; never a resulted one', async () => {
    const p = await t.patientWithCareTeam();
    const first = await t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '718-7' });
    for (const who of [p.nurse, p.self, ...p.outsiders]) expect(await codeOf(t.lab.orders.cancel(who, first.id, 'No')), who.viewer?.role).toBe('FORBIDDEN');
    expect(await codeOf(t.lab.orders.cancel(p.doctor, first.id, ''))).toBe('BAD_USER_INPUT');
    expect(await t.lab.orders.cancel(p.doctor, first.id, 'Ordered twice')).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Ordered twice', cancelledById: p.doctor.viewer!.practitionerId });
    expect(await codeOf(t.lab.orders.cancel(p.doctor, first.id, 'Again'))).toBe('CONFLICT');
    const second = await t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '718-7' });
    await t.lab.orders.collect(t.technician, second.id);
    expect(await t.lab.orders.cancel(t.access(t.technician), second.id, 'Haemolysed specimen')).toMatchObject({ status: 'CANCELLED' });
    expect((await t.db.recorded('lab.order.cancelled')).filter((e) => e.aggregateId === second.id)).toHaveLength(1);
  });

  it('shows a patient their own orders only once RESULTED; technicians all; the care team theirs; outsiders none', async () => {
    const p = await t.patientWithCareTeam();
    const open = await t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '2160-0' });
    const done = await t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '4548-4' });
    await t.lab.orders.collect(t.technician, done.id);
    await t.lab.orders.recordResult(t.technician, done.id, '5.40');
    expect(await codeOf(t.lab.orders.get(p.self, open.id))).toBe('FORBIDDEN');
    expect((await t.lab.orders.get(p.self, done.id))?.id).toBe(done.id);
    const idsOf = async (who: typeof p.self, status?: 'RESULTED') => (await t.lab.orders.list(who, { status, first: 100 })).nodes.map((o) => o.id).filter((id) => [open.id, done.id].includes(id));
    expect(await idsOf(p.self)).toEqual([]);
    expect(await idsOf(p.self, 'RESULTED')).toEqual([done.id]);
    expect(await idsOf(p.nurse)).toEqual([open.id]);
    expect(await idsOf(t.access(t.technician), 'RESULTED')).toEqual([done.id]);
    for (const who of p.outsiders) {
      expect(await idsOf(who, 'RESULTED')).toEqual([]);
      expect(await codeOf(t.lab.orders.get(who, done.id))).toBe('FORBIDDEN');
    }
    expect(await codeOf(t.lab.orders.get(t.access(undefined), done.id))).toBe('UNAUTHENTICATED');
    const all = async (who: typeof p.self) => (await t.lab.orders.ofPatient(who, p.patientId, null, async () => [open, { ...done, status: 'RESULTED' as const }])).map((o) => o.id);
    expect(await all(p.self)).toEqual([done.id]);
    expect(await all(p.doctor)).toEqual([open.id, done.id]);
    expect(await codeOf(t.lab.orders.ofPatient(t.access(testViewer('PATIENT', { patientId: randomUUID() })), p.patientId, null, async () => []))).toBe('FORBIDDEN');
  });

  it('lists the worklist STAT, URGENT, ROUTINE, oldest first within a priority', async () => {
    const p = await t.patientWithCareTeam();
    const placed: { id: string; priority: string }[] = [];
    for (const priority of ['ROUTINE', 'STAT', 'URGENT', 'ROUTINE', 'STAT'] as const) placed.push(await t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '2345-7', priority }));
    const worklist = (await t.lab.orders.list(p.doctor, { first: 100 })).nodes;
    const rank = { STAT: 0, URGENT: 1, ROUTINE: 2 } as const;
    const expected = placed.map((o, i) => ({ ...o, i })).sort((a, b) => rank[a.priority as keyof typeof rank] - rank[b.priority as keyof typeof rank] || a.i - b.i).map((o) => o.id);
    expect(worklist.map((o) => o.id)).toEqual(expected);
    const page = await t.lab.orders.list(p.doctor, { first: 2 });
    const next = await t.lab.orders.list(p.doctor, { first: 2, after: page.pageInfo.endCursor });
    expect([...page.nodes, ...next.nodes].map((o) => o.id)).toEqual(expected.slice(0, 4));
    expect(await page.totalCount()).toBe(5);
  });

  it('keeps results append-only and orders to their lifecycle columns in the database itself', async () => {
    const p = await t.patientWithCareTeam();
    const order = await t.lab.orders.order(p.doctor, { patientId: p.patientId, testCode: '2345-7' });
    await expect(t.db.prisma.labOrder.update({ where: { id: order.id }, data: { priority: 'STAT' } })).rejects.toThrow();
    await t.lab.orders.collect(t.technician, order.id);
    await t.lab.orders.recordResult(t.technician, order.id, '88');
    await expect(t.db.prisma.labResult.updateMany({ where: { orderId: order.id }, data: { value: '99' } })).rejects.toThrow();
    await expect(t.db.prisma.labResult.deleteMany({ where: { orderId: order.id } })).rejects.toThrow();
    await expect(t.db.prisma.labOrder.update({ where: { id: order.id }, data: { status: 'CANCELLED', cancellationReason: 'x', cancelledAt: new Date() } })).rejects.toThrow();
    expect(await t.db.prisma.labResult.findMany({ where: { orderId: order.id }, select: { value: true } })).toEqual([{ value: '88' }]);
  });
});

describe('LabTestService', () => {
  it('lets only ADMIN define a test, with nested ranges and a valid LOINC code', async () => {
    const admin = testViewer('ADMIN');
    const base = { code: '1751-7', name: 'Albumin [Mass/volume] in Serum or Plasma', unit: 'g/dL', referenceLow: '3.5', referenceHigh: '5.0', criticalLow: '1.5' };
    expect(await codeOf(t.lab.tests.define(testViewer('DOCTOR'), base))).toBe('FORBIDDEN');
    for (const bad of [{ code: '1751-8' }, { referenceLow: '6' }, { criticalLow: '4' }, { criticalHigh: '4.9' }, { unit: 'g dL' }, { referenceHigh: '5.0.1' }, { referenceHigh: '123456789' }])
      expect(await codeOf(t.lab.tests.define(admin, { ...base, ...bad })), JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    expect(await t.lab.tests.define(admin, base)).toMatchObject({ code: '1751-7', unit: 'g/dL' });
    expect(await codeOf(t.lab.tests.define(admin, base))).toBe('CONFLICT');
    expect((await t.lab.tests.list(testViewer('PATIENT'))).map((test) => test.code)).toContain('1751-7');
  });
});
