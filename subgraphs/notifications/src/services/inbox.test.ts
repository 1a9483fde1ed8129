/** InboxService and its consumers against the real database: who receives what, exactly once per event, own-only reads and marks, and the replay after a cursor. */
import { randomUUID } from 'node:crypto';
import type { AppointmentFacts, LabOrderFacts } from '@caregraph/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, openNotificationsTestDatabase } from '../../test/service-kit';
import { encodeCursor } from './cursors';
import { cursorOf } from './inbox';

let t: Awaited<ReturnType<typeof openNotificationsTestDatabase>>;
beforeAll(async () => {
  t = await openNotificationsTestDatabase();
});
afterAll(() => t?.db.close());

const appointment = (patientId: string, practitionerId: string): AppointmentFacts => ({
  appointmentId: randomUUID(),
  patientId,
  practitionerId,
  start: '2026-03-02T09:00:00.000Z',
  end: '2026-03-02T09:30:00.000Z',
  reason: 'Chest pain',
  status: 'BOOKED',
});
const labResult = (order: LabOrderFacts, version: number) => ({
  ...order,
  resultId: randomUUID(),
  value: '7.9',
  unit: '%',
  interpretation: 'H',
  resultedAt: new Date().toISOString(),
  version,
  supersedes: version === 1 ? null : randomUUID(),
  lineageId: randomUUID(),
  performerId: randomUUID(),
  collectedAt: new Date().toISOString(),
  changeReason: version === 1 ? null : 'Recalibrated',
});
/** Every word an inbox shows. */
const wording = (notifications: { title: string; body: string }[]) => notifications.map((n) => `${n.title} ${n.body}`).join('\n');
const mine = (viewer: { userId: string }) => t.db.prisma.notification.findMany({ where: { userId: viewer.userId }, orderBy: { sequence: 'asc' } });

describe('InboxService', () => {
  it('delivers a booking to the patient and the practitioner, once however often the event is applied, each with its created event', async () => {
    const [patient, doctor] = [await t.patient(), await t.doctor()];
    const booked = t.event('scheduling.appointment.booked', appointment(patient.patientId!, doctor.practitionerId!));
    await t.deliver(booked);
    await t.deliver(booked);
    await Promise.all([t.deliver(booked), t.deliver(booked)]);
    const [forPatient] = await mine(patient);
    expect(await mine(patient)).toHaveLength(1);
    expect(forPatient).toMatchObject({ type: 'APPOINTMENT_BOOKED', title: 'Appointment booked', body: 'Your appointment on Mon, 2 Mar 2026, 09:00 UTC is booked.', subjectId: booked.payload.appointmentId, readAt: null });
    expect(await mine(doctor)).toMatchObject([{ type: 'APPOINTMENT_BOOKED', body: 'An appointment with you was booked for Mon, 2 Mar 2026, 09:00 UTC.' }]);
    // The reason for the visit stays out of every notification.
    expect(wording([...(await mine(patient)), ...(await mine(doctor))])).not.toContain('Chest pain');
    const created = (await t.db.recorded('notifications.notification.created')).filter((e) => [patient.userId, doctor.userId].includes(e.payload.userId as string));
    expect(created.map((e) => e.payload)).toEqual([
      { notificationId: forPatient!.id, userId: patient.userId, type: 'APPOINTMENT_BOOKED', sequence: String(forPatient!.sequence) },
      expect.objectContaining({ userId: doctor.userId }),
    ]);
  });

  it('refuses a second notification of one event for one account in the database itself', async () => {
    const patient = await t.patient();
    const row = { userId: patient.userId, type: 'INVOICE_ISSUED' as const, title: 'x', body: 'y', subjectId: randomUUID(), sourceEventId: randomUUID() };
    await t.db.prisma.notification.create({ data: { id: randomUUID(), ...row } });
    await expect(t.db.prisma.notification.create({ data: { id: randomUUID(), ...row } })).rejects.toThrow();
  });

  it('tells rescheduling and cancellation to both, lab results to the orderer and the patient (corrections as such), without the value', async () => {
    const [patient, doctor] = [await t.patient(), await t.doctor()];
    const facts = appointment(patient.patientId!, doctor.practitionerId!);
    await t.deliver(t.event('scheduling.appointment.rescheduled', { ...facts, start: '2026-03-03T10:00:00.000Z', previousStart: facts.start, previousEnd: facts.end }));
    await t.deliver(t.event('scheduling.appointment.cancelled', { ...facts, status: 'CANCELLED', cancellationReason: 'Feeling better' }));
    const order: LabOrderFacts = { orderId: randomUUID(), patientId: patient.patientId!, orderedById: doctor.practitionerId!, testCode: '4548-4', testName: 'HbA1c', priority: 'ROUTINE', status: 'RESULTED' };
    await t.deliver(t.event('lab.result.recorded', labResult(order, 1)));
    await t.deliver(t.event('lab.result.recorded', labResult(order, 2)));
    expect((await mine(patient)).map((n) => [n.type, n.body])).toEqual([
      ['APPOINTMENT_RESCHEDULED', 'Your appointment moved from Mon, 2 Mar 2026, 09:00 UTC to Tue, 3 Mar 2026, 10:00 UTC.'],
      ['APPOINTMENT_CANCELLED', 'Your appointment on Mon, 2 Mar 2026, 09:00 UTC was cancelled.'],
      ['LAB_RESULT_READY', 'Your HbA1c result is ready.'],
      ['LAB_RESULT_CORRECTED', 'Your HbA1c result was corrected.'],
    ]);
    expect((await mine(doctor)).map((n) => [n.type, n.subjectId])).toEqual([
      ['APPOINTMENT_RESCHEDULED', facts.appointmentId],
      ['APPOINTMENT_CANCELLED', facts.appointmentId],
      ['LAB_RESULT_READY', order.orderId],
      ['LAB_RESULT_CORRECTED', order.orderId],
    ]);
    expect(wording(await mine(patient))).not.toMatch(/7\.9|Feeling better|Recalibrated/);
  });

  it('tells the patient of dispenses, invoices and claim decisions, and every PHARMACIST (only) of low stock', async () => {
    const patient = await t.patient();
    const prescriptionId = randomUUID();
    await t.deliver(t.event('pharmacy.medication.dispensed', { dispenseId: randomUUID(), prescriptionId, patientId: patient.patientId!, medicationId: randomUUID(), medicationName: 'Lisinopril', quantity: 30, stockOnHand: 100 }));
    const invoice = { invoiceId: randomUUID(), number: 'INV-2026-000042', patientId: patient.patientId!, appointmentId: null, total: '125.00', balance: '125.00', currency: 'USD', status: 'ISSUED' };
    await t.deliver(t.event('billing.invoice.issued', invoice));
    const claim = { claimId: randomUUID(), invoiceId: invoice.invoiceId, patientId: patient.patientId!, coverageId: randomUUID(), insurerId: randomUUID(), amount: '125.00', currency: 'USD' };
    await t.deliver(t.event('billing.claim.adjudicated', { ...claim, status: 'APPROVED', approvedAmount: '100.00', denialReason: null }));
    await t.deliver(t.event('billing.claim.adjudicated', { ...claim, claimId: randomUUID(), status: 'DENIED', approvedAmount: null, denialReason: 'Not covered' }));
    expect((await mine(patient)).map((n) => [n.type, n.title, n.body])).toEqual([
      ['PRESCRIPTION_DISPENSED', 'Prescription ready', 'Lisinopril (30) was dispensed and is ready for you.'],
      ['INVOICE_ISSUED', 'New invoice', 'Invoice INV-2026-000042 for 125.00 USD was issued to you.'],
      ['CLAIM_ADJUDICATED', 'Claim approved', 'Your insurer approved 100.00 USD of your claim for 125.00 USD.'],
      ['CLAIM_ADJUDICATED', 'Claim denied', 'Your insurer denied your claim for 125.00 USD.'],
    ]);

    const pharmacists = [await t.account('PHARMACIST', { practitionerId: randomUUID() }), await t.account('PHARMACIST')];
    const nurse = await t.account('NURSE', { practitionerId: randomUUID() });
    const medicationId = randomUUID();
    await t.deliver(t.event('pharmacy.stock.low', { medicationId, code: '314076', name: 'Lisinopril', stockOnHand: 4, reorderLevel: 5 }));
    for (const pharmacist of pharmacists)
      expect(await mine(pharmacist)).toMatchObject([{ type: 'STOCK_LOW', title: 'Stock low: Lisinopril', body: 'Lisinopril (314076) is down to 4, at or below its reorder level of 5.', subjectId: medicationId }]);
    expect(await mine(nurse)).toEqual([]);
    expect((await mine(patient)).some((n) => n.type === 'STOCK_LOW')).toBe(false);
  });

  it('notifies nobody for a person without a known account (an account announced later gets nothing earlier)', async () => {
    const patientId = randomUUID();
    const booked = t.event('scheduling.appointment.booked', appointment(patientId, randomUUID()));
    await t.deliver(booked);
    expect(await t.db.prisma.notification.count({ where: { sourceEventId: booked.id } })).toBe(0);
    const late = await t.account('PATIENT', { patientId });
    expect(await mine(late)).toEqual([]);
  });

  it('reads and marks only the viewer\'s own; someone else\'s id answers as an unknown one', async () => {
    const [patient, other] = [await t.patient(), await t.patient()];
    for (let i = 0; i < 3; i++) await t.deliver(t.event('pharmacy.medication.dispensed', { dispenseId: randomUUID(), prescriptionId: randomUUID(), patientId: patient.patientId!, medicationId: randomUUID(), medicationName: 'Metformin', quantity: 1, stockOnHand: 9 }));
    const [first, second, third] = await mine(patient);
    expect(await t.inbox.unreadCount(patient)).toBe(3);
    const list = await t.inbox.list(patient, { first: 2 });
    expect(list.nodes.map((n) => n.id)).toEqual([third!.id, second!.id]);
    expect(list.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(second!.sequence) });
    expect((await t.inbox.list(patient, { first: 2, after: list.pageInfo.endCursor })).nodes.map((n) => n.id)).toEqual([first!.id]);
    expect(await codeOf(t.inbox.list(patient, { after: Buffer.from(`c:${first!.id}`).toString('base64url') }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.inbox.list(patient, { first: 101 }))).toBe('BAD_USER_INPUT');

    const [foreign, unknown] = await Promise.all([t.inbox.markRead(other, first!.id).catch((e: Error) => e), t.inbox.markRead(other, randomUUID()).catch((e: Error) => e)]);
    expect([(foreign as { extensions?: { code?: string } }).extensions?.code, (unknown as { extensions?: { code?: string } }).extensions?.code]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(await t.inbox.markAllRead(other)).toBe(0);
    expect(await t.inbox.unreadCount(patient)).toBe(3);
    expect((await t.inbox.list(other, {})).nodes).toEqual([]);

    const read = await t.inbox.markRead(patient, first!.id);
    expect(read.readAt).toBeInstanceOf(Date);
    expect((await t.inbox.markRead(patient, first!.id)).readAt).toEqual(read.readAt);
    expect((await t.inbox.list(patient, { unreadOnly: true })).nodes.map((n) => n.id)).toEqual([third!.id, second!.id]);
    expect(await t.inbox.markAllRead(patient)).toBe(2);
    expect(await t.inbox.unreadCount(patient)).toBe(0);
    expect(await codeOf(t.inbox.unreadCount(undefined))).toBe('UNAUTHENTICATED');
    expect(await codeOf(t.inbox.markRead(undefined, first!.id))).toBe('UNAUTHENTICATED');
  });

  it('replays after a cursor: the viewer\'s own, sequence strictly after it, oldest first, in pages of at most `first`', async () => {
    const [patient, other] = [await t.patient(), await t.patient()];
    const dispense = (who: { patientId?: string }) =>
      t.deliver(t.event('pharmacy.medication.dispensed', { dispenseId: randomUUID(), prescriptionId: randomUUID(), patientId: who.patientId!, medicationId: randomUUID(), medicationName: 'Metformin', quantity: 1, stockOnHand: 9 }));
    for (let i = 0; i < 4; i++) {
      await dispense(patient);
      await dispense(other);
    }
    const all = await mine(patient);
    expect(all.map((n) => n.sequence)).toEqual([...all.map((n) => n.sequence)].sort((a, b) => (a < b ? -1 : 1)));
    const ids = (page: { nodes: { id: string }[] }) => page.nodes.map((n) => n.id);
    const everything = await t.inbox.after(patient);
    expect(ids(everything)).toEqual(all.map((n) => n.id));
    expect(everything.pageInfo.hasNextPage).toBe(false);
    // A cursor from the (newest-first) list replays what came after it.
    const listed = (await t.inbox.list(patient, { first: 3 })).edges.at(-1)!;
    expect(listed.node.id).toBe(all[1]!.id);
    expect(ids(await t.inbox.after(patient, { cursor: listed.cursor }))).toEqual([all[2]!.id, all[3]!.id]);
    // Paging: two at a time, continuing from the end cursor; totalCount counts all that come after the cursor.
    const page = await t.inbox.after(patient, { cursor: cursorOf(all[0]!), first: 2 });
    expect(ids(page)).toEqual([all[1]!.id, all[2]!.id]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: cursorOf(all[2]!) });
    expect(await page.totalCount()).toBe(3);
    expect(ids(await t.inbox.after(patient, { cursor: page.pageInfo.endCursor, first: 2 }))).toEqual([all[3]!.id]);
    expect(ids(await t.inbox.after(patient, { cursor: cursorOf(all[3]!) }))).toEqual([]);
    // Another's cursor shows nothing of theirs: only the viewer's own come back.
    expect((await t.inbox.after(other)).nodes.every((n) => n.userId === other.userId)).toBe(true);
    expect(await codeOf(t.inbox.after(patient, { cursor: 'nonsense' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.inbox.after(patient, { first: 0 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.inbox.after(patient, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.inbox.after(undefined))).toBe('UNAUTHENTICATED');
  });

  it("gets one of the viewer's own notifications by id, and null for someone else's or an unknown id", async () => {
    const [patient, other] = [await t.patient(), await t.patient()];
    await t.deliver(t.event('pharmacy.medication.dispensed', { dispenseId: randomUUID(), prescriptionId: randomUUID(), patientId: patient.patientId!, medicationId: randomUUID(), medicationName: 'Metformin', quantity: 1, stockOnHand: 9 }));
    const [own] = await mine(patient);
    expect((await t.inbox.get(patient, own!.id))?.id).toBe(own!.id);
    expect(await t.inbox.get(other, own!.id)).toBeNull();
    expect(await t.inbox.get(patient, randomUUID())).toBeNull();
    expect(await codeOf(t.inbox.get(patient, 'not-an-id'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.inbox.get(undefined, own!.id))).toBe('UNAUTHENTICATED');
  });
});
