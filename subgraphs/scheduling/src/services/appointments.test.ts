/**
 * AppointmentService against its own real database: the lifecycle table, booking rules, no double booking (the
 * database constraint itself), who may do what, and fulfilment from a finished encounter.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { careTeamProjection, knownPatientsProjection, knownPractitionersProjection, PatientAccess } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { openServiceTestDatabase, testViewer, type ServiceTestDatabase } from '@caregraph/testkit';
import { PrismaClient, type AppointmentStatus } from '../generated/prisma/client';
import { AppointmentService } from './appointments';
import { AvailabilityService } from './availability';
import { APPOINTMENT_TRANSITIONS, canTransition, pathTo } from './lifecycle';

let db: ServiceTestDatabase<PrismaClient>;
let appointments: AppointmentService;
let availability: AvailabilityService;
let access: (viewer: Viewer | undefined) => PatientAccess;
/** The service's clock: tests move it to make a time "now". */
let now = new Date('2026-03-02T08:00:00Z'); // Monday
beforeAll(async () => {
  db = await openServiceTestDatabase('scheduling', (options) => new PrismaClient(options));
  const careTeam = careTeamProjection(db.prisma, 'scheduling');
  availability = new AvailabilityService(db.prisma, knownPractitionersProjection(db.prisma, 'scheduling'), () => now);
  appointments = new AppointmentService(db.prisma, db.events, availability, knownPatientsProjection(db.prisma, 'scheduling'), () => now);
  access = (viewer) => new PatientAccess(viewer, careTeam.source);
});
afterAll(() => db?.close());
beforeEach(() => {
  now = new Date('2026-03-02T08:00:00Z');
});

const admin = testViewer('ADMIN');
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
const messageOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: Error) => error.message);
const at = (hour: number, minute = 0, day = 3) => new Date(Date.UTC(2026, 2, day, hour, minute));

/** A doctor with weekday hours 09:00–17:00 UTC, a patient on their care team (with a nurse), and viewers for each. */
async function clinic() {
  const doctorId = randomUUID();
  const nurseId = randomUUID();
  const patientId = randomUUID();
  await db.prisma.knownPractitioner.createMany({ data: [{ id: doctorId, role: 'DOCTOR' }, { id: nurseId, role: 'NURSE' }] });
  await db.prisma.knownPatient.create({ data: { id: patientId } });
  await db.prisma.careTeamAccess.createMany({ data: [{ patientId, practitionerId: doctorId }, { patientId, practitionerId: nurseId }] });
  await availability.set(admin, { practitionerId: doctorId, weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startTime: '09:00', endTime: '17:00', slotMinutes: 30, validFrom: '2026-03-01' });
  return {
    doctorId,
    patientId,
    doctor: testViewer('DOCTOR', { practitionerId: doctorId }),
    nurse: testViewer('NURSE', { practitionerId: nurseId }),
    patient: testViewer('PATIENT', { patientId }),
    book: (start: Date, viewer: Viewer = admin) => appointments.book(access(viewer), { patientId, practitionerId: doctorId, start, reason: 'Check-up' }),
  };
}
const outboxOf = async (id: string) => (await db.recorded()).filter((e) => e.aggregateId === id).map((e) => e.type);

describe('AppointmentService', () => {
  it('books only the start of a free slot of the practitioner, in the future, for a known patient', async () => {
    const c = await clinic();
    expect(await codeOf(c.book(at(9, 15)))).toBe('BAD_USER_INPUT'); // not a slot start
    expect(await codeOf(c.book(at(17)))).toBe('BAD_USER_INPUT'); // after hours
    expect(await codeOf(c.book(new Date('2026-03-07T10:00:00Z')))).toBe('BAD_USER_INPUT'); // Saturday
    expect(await codeOf(c.book(new Date('2026-03-02T07:30:00Z')))).toBe('BAD_USER_INPUT'); // past
    const unknown = appointments.book(access(admin), { patientId: randomUUID(), practitionerId: c.doctorId, start: at(9) });
    expect(await codeOf(unknown)).toBe('NOT_FOUND');
    const booked = await c.book(at(9));
    expect(booked).toMatchObject({ status: 'BOOKED', startAt: at(9), endAt: at(9, 30), reason: 'Check-up' });
    expect((await db.recorded('scheduling.appointment.booked')).find((e) => e.aggregateId === booked.id)?.payload).toEqual({
      appointmentId: booked.id,
      patientId: c.patientId,
      practitionerId: c.doctorId,
      start: at(9).toISOString(),
      end: at(9, 30).toISOString(),
      reason: 'Check-up',
      status: 'BOOKED',
    });
  });

  it('never double-books: the database refuses an overlapping hold, and a rejected booking records nothing', async () => {
    const c = await clinic();
    await c.book(at(10));
    const before = (await db.recorded()).length;
    expect(await messageOf(c.book(at(10)))).toMatch(/already booked/);
    expect(await codeOf(c.book(at(10)))).toBe('CONFLICT');
    expect((await db.recorded()).length).toBe(before);
    expect(await db.prisma.appointment.count({ where: { practitionerId: c.doctorId, startAt: at(10) } })).toBe(1);
    // The constraint itself, bypassing the service: overlapping rows of one practitioner cannot both be held...
    const raw = (startAt: Date, endAt: Date, status: AppointmentStatus = 'BOOKED') =>
      db.prisma.appointment.create({ data: { id: randomUUID(), patientId: c.patientId, practitionerId: c.doctorId, startAt, endAt, status } });
    expect(await codeOf(raw(at(10, 15), at(10, 45)))).not.toBe('ok');
    // ...while touching ones, and cancelled or no-show ones, may.
    expect(await codeOf(raw(at(10, 30), at(11)))).toBe('ok');
    expect(await codeOf(raw(at(10), at(10, 30), 'CANCELLED'))).toBe('ok');
    expect(await codeOf(raw(at(10), at(10, 30), 'NOSHOW'))).toBe('ok');
  });

  it('lets ADMIN book for anyone, the care team for their patients and a patient only for themself', async () => {
    const c = await clinic();
    expect(await codeOf(c.book(at(11), c.doctor))).toBe('ok');
    expect(await codeOf(c.book(at(11, 30), c.nurse))).toBe('ok');
    expect(await codeOf(c.book(at(12), c.patient))).toBe('ok');
    expect(await codeOf(c.book(at(12, 30), testViewer('PATIENT', { patientId: randomUUID() })))).toBe('FORBIDDEN');
    expect(await codeOf(c.book(at(12, 30), testViewer('DOCTOR', { practitionerId: randomUUID() })))).toBe('FORBIDDEN');
    expect(await codeOf(c.book(at(12, 30), testViewer('BILLING_CLERK')))).toBe('FORBIDDEN');
    expect(await codeOf(appointments.book(access(undefined), { patientId: c.patientId, practitionerId: c.doctorId, start: at(12, 30) }))).toBe('UNAUTHENTICATED');
  });

  it('follows the lifecycle table exactly: every transition it allows works, every other is CONFLICT naming the allowed ones', async () => {
    const c = await clinic();
    const statuses = Object.keys(APPOINTMENT_TRANSITIONS) as AppointmentStatus[];
    const act = {
      ARRIVED: (a: PatientAccess, id: string) => appointments.checkIn(a, id),
      FULFILLED: (a: PatientAccess, id: string) => appointments.complete(a, id),
      NOSHOW: (a: PatientAccess, id: string) => appointments.markNoShow(a, id),
      CANCELLED: (a: PatientAccess, id: string) => appointments.cancel(a, id),
    } as const;
    let slot = 0;
    for (const from of statuses)
      for (const to of Object.keys(act) as (keyof typeof act)[]) {
        const start = new Date(at(9, 0, 4 + Math.floor(slot / 16)).getTime() + 30 * 60_000 * (slot++ % 16));
        now = new Date('2026-03-02T08:00:00Z');
        const appointment = await c.book(start);
        now = start; // a no-show is recorded once the time has come
        for (const step of pathTo('BOOKED', from)!) await act[step as keyof typeof act](access(c.doctor), appointment.id);
        const result = await messageOf(act[to](access(c.doctor), appointment.id));
        if (canTransition(from, to)) expect(result, `${from} → ${to}`).toBe('ok');
        else {
          expect(result, `${from} → ${to}`).toMatch(new RegExp(`is ${from} and cannot become ${to}`));
          for (const allowed of Object.keys(APPOINTMENT_TRANSITIONS[from])) expect(result).toContain(allowed);
          expect((await db.prisma.appointment.findUnique({ where: { id: appointment.id } }))!.status).toBe(from);
        }
      }
  });

  it('lets a doctor attend only their own appointments, a nurse their care team, and nobody else', async () => {
    const c = await clinic();
    const appointment = await c.book(at(13));
    const outsider = await clinic();
    for (const viewer of [outsider.nurse, outsider.doctor, admin, c.patient])
      expect(await codeOf(appointments.checkIn(access(viewer), appointment.id))).toBe('FORBIDDEN');
    expect(await codeOf(appointments.checkIn(access(c.nurse), appointment.id))).toBe('ok');
    expect(await codeOf(appointments.complete(access(c.doctor), appointment.id))).toBe('ok');
    expect(await codeOf(appointments.complete(access(c.doctor), randomUUID()))).toBe('NOT_FOUND');
    expect(await outboxOf(appointment.id)).toEqual(['scheduling.appointment.booked', 'scheduling.appointment.arrived', 'scheduling.appointment.fulfilled']);
    const early = await c.book(at(13, 30));
    expect(await messageOf(appointments.markNoShow(access(c.doctor), early.id))).toMatch(/not started yet/);
  });

  it('reschedules a booked appointment onto another free slot only, and frees the old one', async () => {
    const c = await clinic();
    const first = await c.book(at(14));
    const second = await c.book(at(14, 30));
    expect(await codeOf(appointments.reschedule(access(c.patient), second.id, at(14)))).toBe('CONFLICT');
    expect(await codeOf(appointments.reschedule(access(c.patient), second.id, at(14, 10)))).toBe('BAD_USER_INPUT');
    expect(await codeOf(appointments.reschedule(access(testViewer('PATIENT', { patientId: randomUUID() })), second.id, at(15)))).toBe('FORBIDDEN');
    const moved = await appointments.reschedule(access(c.patient), first.id, at(15));
    expect(moved).toMatchObject({ startAt: at(15), endAt: at(15, 30), status: 'BOOKED' });
    expect((await db.recorded('scheduling.appointment.rescheduled')).find((e) => e.aggregateId === first.id)?.payload).toMatchObject({ previousStart: at(14).toISOString(), start: at(15).toISOString() });
    expect(await codeOf(c.book(at(14)))).toBe('ok');
    await appointments.checkIn(access(c.doctor), moved.id);
    expect(await messageOf(appointments.reschedule(access(c.patient), moved.id, at(16)))).toMatch(/only a BOOKED appointment/);
  });

  it('cancels with a reason and frees the time for someone else', async () => {
    const c = await clinic();
    const booked = await c.book(at(16));
    const cancelled = await appointments.cancel(access(c.patient), booked.id, '  Feeling better ');
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Feeling better' });
    expect((await db.recorded('scheduling.appointment.cancelled')).find((e) => e.aggregateId === booked.id)?.payload).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Feeling better' });
    expect(await codeOf(c.book(at(16)))).toBe('ok');
  });

  it('fulfils an appointment from a finished encounter once, through the table, and leaves final ones alone', async () => {
    const c = await clinic();
    const fulfil = (appointmentId: string | null, patientId = c.patientId) => db.prisma.$transaction((tx) => appointments.fulfilFromEncounter(tx, { appointmentId, patientId }));
    const booked = await c.book(at(9, 0, 5));
    await fulfil(booked.id);
    expect((await db.prisma.appointment.findUnique({ where: { id: booked.id } }))!.status).toBe('FULFILLED');
    await fulfil(booked.id);
    expect(await outboxOf(booked.id)).toEqual(['scheduling.appointment.booked', 'scheduling.appointment.arrived', 'scheduling.appointment.fulfilled']);
    const arrived = await c.book(at(9, 30, 5));
    await appointments.checkIn(access(c.doctor), arrived.id);
    await fulfil(arrived.id);
    expect(await outboxOf(arrived.id)).toEqual(['scheduling.appointment.booked', 'scheduling.appointment.arrived', 'scheduling.appointment.fulfilled']);
    const cancelled = await c.book(at(10, 0, 5));
    await appointments.cancel(access(admin), cancelled.id);
    await fulfil(cancelled.id);
    expect((await db.prisma.appointment.findUnique({ where: { id: cancelled.id } }))!.status).toBe('CANCELLED');
    const someoneElses = await c.book(at(10, 30, 5));
    await fulfil(someoneElses.id, randomUUID());
    await fulfil(null);
    expect((await db.prisma.appointment.findUnique({ where: { id: someoneElses.id } }))!.status).toBe('BOOKED');
  });

  it('shows each viewer only the appointments they may read', async () => {
    const c = await clinic();
    const booked = await c.book(at(11, 0, 6));
    const stranger = testViewer('PATIENT', { patientId: randomUUID() });
    expect((await appointments.get(access(c.patient), booked.id))?.id).toBe(booked.id);
    expect(await codeOf(appointments.get(access(stranger), booked.id))).toBe('FORBIDDEN');
    expect(await appointments.get(access(admin), randomUUID())).toBeNull();
    const list = (viewer: Viewer) => appointments.list(access(viewer), { practitionerId: c.doctorId }).then((page) => page.nodes.map((a) => a.id));
    expect(await list(c.nurse)).toContain(booked.id);
    expect(await list(stranger)).toEqual([]);
    // The doctor's own calendar, whoever the patient.
    const walkIn = randomUUID();
    await db.prisma.knownPatient.create({ data: { id: walkIn } });
    const other = await appointments.book(access(admin), { patientId: walkIn, practitionerId: c.doctorId, start: at(11, 30, 6) });
    expect(await list(c.doctor)).toEqual(expect.arrayContaining([booked.id, other.id]));
    expect(await list(c.nurse)).not.toContain(other.id);
  });
});
