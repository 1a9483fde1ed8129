/** Appointments: who may book, move, cancel and attend them, the lifecycle, no double booking, and their events. */
import { randomUUID } from 'node:crypto';
import type { KnownPatients, PatientAccess } from '@caregraph/access';
import { isExclusionViolation, paginate, type PageArgs } from '@caregraph/db';
import { badUserInput, conflict, forbidden, notFound, unauthenticated } from '@caregraph/errors';
import { recordEvent, type AppointmentFacts, type ContextEvents } from '@caregraph/events';
import { optionalId, optionalText, requireId } from '@caregraph/validation';
import type { Appointment, AppointmentStatus, Prisma, PrismaClient } from '../generated/prisma/client';
import { requireWindow, type AvailabilityService } from './availability';
import { assertTransition, pathTo, RESCHEDULABLE } from './lifecycle';

export type BookAppointmentInput = { patientId: string; practitionerId: string; start: Date; reason?: string | null };
export type AppointmentListArgs = PageArgs & {
  practitionerId?: string | null;
  patientId?: string | null;
  status?: AppointmentStatus | null;
  from?: Date | null;
  to?: Date | null;
};
/** One practitioner's appointments in [from, to): the key of the per-request loader that batches them. */
export type CalendarQuery = { practitionerId: string; from: Date; to: Date };

type Tx = Prisma.TransactionClient;
/** The event each status change announces. */
const EVENT_OF = {
  ARRIVED: 'scheduling.appointment.arrived',
  FULFILLED: 'scheduling.appointment.fulfilled',
  NOSHOW: 'scheduling.appointment.noshow',
} as const;
/** How long a booking waits for a patient registered a moment ago to be announced (see KnownPatients.find). */
const ANNOUNCEMENT_WAIT_MS = 2_000;

export const appointmentFacts = (a: Appointment): AppointmentFacts => ({
  appointmentId: a.id,
  patientId: a.patientId,
  practitionerId: a.practitionerId,
  start: a.startAt.toISOString(),
  end: a.endAt.toISOString(),
  reason: a.reason,
  status: a.status,
});

/**
 * Who may read an appointment: whoever may read the patient's appointments (PATIENT_GRANTS), and the practitioner
 * it is with, whose own calendar it is. The shield rule on the Appointment type uses this too.
 */
export async function mayReadAppointment(access: PatientAccess, appointment: Pick<Appointment, 'patientId' | 'practitionerId'>): Promise<boolean> {
  if (access.viewer?.practitionerId && access.viewer.practitionerId === appointment.practitionerId) return true;
  return access.can('appointments:read', appointment.patientId);
}

/** Check-in, complete, no-show: a DOCTOR for their own appointments, a NURSE for the care team (docs/api.md). */
async function assertMayAttend(access: PatientAccess, appointment: Appointment): Promise<void> {
  const { viewer } = access;
  if (!viewer) throw unauthenticated();
  if (viewer.role === 'DOCTOR' && viewer.practitionerId === appointment.practitionerId) return;
  if (await access.can('appointments:attend', appointment.patientId)) return;
  throw forbidden(
    viewer.role === 'DOCTOR'
      ? 'A doctor may check in, complete or mark no-show only their own appointments.'
      : viewer.role === 'NURSE'
        ? 'A nurse may check in, complete or mark no-show only appointments of patients on their care team.'
        : 'Only the appointment\'s DOCTOR or a NURSE on the care team may check in, complete or mark no-show.',
  );
}

const doubleBooked = () => conflict('That time is already booked with this practitioner: pick another free slot from availability(from, to).');

export class AppointmentService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
    private readonly availability: AvailabilityService,
    private readonly knownPatients: KnownPatients,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** An appointment the viewer may read; null when there is none; FORBIDDEN when it is someone else's. */
  async get(access: PatientAccess, idInput: string) {
    if (!access.viewer) throw unauthenticated();
    const appointment = await this.prisma.appointment.findUnique({ where: { id: requireId(idInput) } });
    if (appointment && !(await mayReadAppointment(access, appointment))) throw forbidden('You may not see this appointment.');
    return appointment;
  }

  /** The front desk's list: appointments the viewer may read, filtered in the query so counts and pages are right. */
  async list(access: PatientAccess, args: AppointmentListArgs) {
    const scope = await access.scope('appointments:read');
    const ownCalendar = access.viewer?.practitionerId ? [{ practitionerId: access.viewer.practitionerId }] : [];
    const practitionerId = optionalId(args.practitionerId, 'practitionerId');
    const patientId = optionalId(args.patientId, 'patientId');
    if (args.from && args.to && !(args.from < args.to)) throw badUserInput('`from` must be before `to`.', 'to');
    const where: Prisma.AppointmentWhereInput = {
      AND: [
        scope.all ? {} : { OR: [{ patientId: { in: scope.patientIds } }, ...ownCalendar] },
        practitionerId ? { practitionerId } : {},
        patientId ? { patientId } : {},
        args.status ? { status: args.status } : {},
        args.from ? { startAt: { gte: args.from } } : {},
        args.to ? { startAt: { lt: args.to } } : {},
      ],
    };
    return paginate(
      args,
      (slice) => this.prisma.appointment.findMany({ where, orderBy: [{ startAt: 'asc' }, { id: 'asc' }], ...slice }),
      () => this.prisma.appointment.count({ where }),
    );
  }

  /** A patient's appointments, soonest first (`load` batches many patients into one query). */
  async ofPatient(access: PatientAccess, patientId: string, status: AppointmentStatus | null | undefined, load: (patientId: string) => Promise<Appointment[]>) {
    await access.assert('appointments:read', patientId);
    const all = await load(patientId);
    return status ? all.filter((a) => a.status === status) : all;
  }

  /** A practitioner's calendar in a bounded window, showing only the appointments the viewer may read. */
  async ofPractitioner(access: PatientAccess, practitionerId: string, from: Date, to: Date, load: (query: CalendarQuery) => Promise<Appointment[]>) {
    if (!access.viewer) throw unauthenticated();
    const rows = await load({ practitionerId, ...requireWindow(from, to) });
    const readable = await Promise.all(rows.map((row) => mayReadAppointment(access, row)));
    return rows.filter((_row, i) => readable[i]);
  }

  /** Loader backend of `ofPractitioner`: many (practitioner, window) queries, one SQL statement; callers have authorized. */
  async batchCalendars(queries: readonly CalendarQuery[]): Promise<Appointment[][]> {
    if (queries.length === 0) return [];
    const from = new Date(Math.min(...queries.map((q) => q.from.getTime())));
    const to = new Date(Math.max(...queries.map((q) => q.to.getTime())));
    const rows = await this.prisma.appointment.findMany({
      where: { practitionerId: { in: [...new Set(queries.map((q) => q.practitionerId))] }, startAt: { gte: from, lt: to } },
      orderBy: [{ startAt: 'asc' }, { id: 'asc' }],
    });
    return queries.map((q) => rows.filter((r) => r.practitionerId === q.practitionerId && r.startAt >= q.from && r.startAt < q.to));
  }

  /**
   * Books a free slot. The database's exclusion constraint is what makes a double booking impossible, concurrent
   * requests included; the checks before it only give better messages. `id` is fixed only by demo seeding.
   */
  async book(access: PatientAccess, input: BookAppointmentInput, id: string = randomUUID()) {
    const patientId = requireId(input.patientId, 'patientId');
    await access.assert('appointments:book', patientId);
    const practitionerId = requireId(input.practitionerId, 'practitionerId');
    const reason = optionalText(input.reason, 'reason', 500);
    const slot = await this.requireFutureSlot(practitionerId, input.start);
    const patient = await this.knownPatients.find(patientId, { waitMs: ANNOUNCEMENT_WAIT_MS });
    if (!patient) throw notFound('Patient', patientId);
    if (!patient.active) throw conflict('The patient is deactivated: a deactivated patient cannot book appointments.');
    try {
      return await this.events.transaction(async (tx) => {
        const booked = await tx.appointment.create({ data: { id, patientId, practitionerId, startAt: slot.start, endAt: slot.end, reason } });
        await recordEvent(tx, 'scheduling.appointment.booked', booked.id, appointmentFacts(booked));
        return booked;
      });
    } catch (error) {
      throw isExclusionViolation(error) ? doubleBooked() : error;
    }
  }

  /** Moves a BOOKED appointment to another free slot of the same practitioner. */
  async reschedule(access: PatientAccess, id: string, start: Date) {
    const appointment = await this.authorized(access, id, (a) => access.assert('appointments:book', a.patientId));
    if (!RESCHEDULABLE.includes(appointment.status))
      throw conflict(`The appointment is ${appointment.status}: only a ${RESCHEDULABLE.join(' or ')} appointment can be rescheduled.`);
    const slot = await this.requireFutureSlot(appointment.practitionerId, start);
    if (slot.start.getTime() === appointment.startAt.getTime()) throw badUserInput('The appointment is already at that time.', 'start');
    try {
      return await this.events.transaction(async (tx) => {
        const moved = await tx.appointment.updateMany({ where: { id: appointment.id, status: { in: [...RESCHEDULABLE] } }, data: { startAt: slot.start, endAt: slot.end } });
        if (moved.count === 0) throw conflict('The appointment changed meanwhile: only a BOOKED appointment can be rescheduled.');
        const rescheduled = (await tx.appointment.findUnique({ where: { id: appointment.id } }))!;
        await recordEvent(tx, 'scheduling.appointment.rescheduled', rescheduled.id, {
          ...appointmentFacts(rescheduled),
          previousStart: appointment.startAt.toISOString(),
          previousEnd: appointment.endAt.toISOString(),
        });
        return rescheduled;
      });
    } catch (error) {
      throw isExclusionViolation(error) ? doubleBooked() : error;
    }
  }

  /** Cancels a BOOKED or ARRIVED appointment, freeing its time. */
  async cancel(access: PatientAccess, id: string, reasonInput?: string | null) {
    const appointment = await this.authorized(access, id, (a) => access.assert('appointments:book', a.patientId));
    const cancellationReason = optionalText(reasonInput, 'reason', 500);
    return this.events.transaction(async (tx) => {
      const cancelled = await this.move(tx, appointment, 'CANCELLED', { cancellationReason });
      await recordEvent(tx, 'scheduling.appointment.cancelled', cancelled.id, { ...appointmentFacts(cancelled), cancellationReason });
      return cancelled;
    });
  }

  async checkIn(access: PatientAccess, id: string) {
    return this.attend(access, id, 'ARRIVED');
  }

  async complete(access: PatientAccess, id: string) {
    return this.attend(access, id, 'FULFILLED');
  }

  /** A no-show can only be recorded once the appointment's time has come. */
  async markNoShow(access: PatientAccess, id: string) {
    return this.attend(access, id, 'NOSHOW', (appointment) => {
      if (this.now() < appointment.startAt) throw conflict('The appointment has not started yet: a no-show is recorded from its start time on.');
    });
  }

  /**
   * `ehr.encounter.finished` for an encounter of one of our appointments: the visit happened, so the appointment
   * becomes FULFILLED through the lifecycle table (a BOOKED one arrives first). A FULFILLED one stays as it is, and
   * a CANCELLED or NO-SHOW one too: the table has no way from them to FULFILLED.
   */
  async fulfilFromEncounter(tx: Tx, encounter: { appointmentId: string | null; patientId: string }): Promise<void> {
    if (!encounter.appointmentId) return;
    let appointment = await tx.appointment.findUnique({ where: { id: encounter.appointmentId } });
    // Not ours, or not this patient's: ehr checks the link, and nothing here may fulfil another patient's visit.
    if (!appointment || appointment.patientId !== encounter.patientId) return;
    for (const status of pathTo(appointment.status, 'FULFILLED') ?? []) {
      appointment = await this.move(tx, appointment, status);
      await recordEvent(tx, EVENT_OF[status as keyof typeof EVENT_OF], appointment.id, appointmentFacts(appointment));
    }
  }

  private async attend(access: PatientAccess, id: string, to: keyof typeof EVENT_OF, check?: (appointment: Appointment) => void) {
    const appointment = await this.authorized(access, id, (a) => assertMayAttend(access, a));
    assertTransition(appointment.status, to);
    check?.(appointment);
    return this.events.transaction(async (tx) => {
      const moved = await this.move(tx, appointment, to);
      await recordEvent(tx, EVENT_OF[to], moved.id, appointmentFacts(moved));
      return moved;
    });
  }

  /** One status change from the table, applied only if nobody changed the status meanwhile (else CONFLICT). */
  private async move(tx: Tx, appointment: Appointment, to: AppointmentStatus, data: Prisma.AppointmentUpdateManyMutationInput = {}) {
    assertTransition(appointment.status, to);
    const changed = await tx.appointment.updateMany({ where: { id: appointment.id, status: appointment.status }, data: { ...data, status: to } });
    const current = (await tx.appointment.findUnique({ where: { id: appointment.id } }))!;
    if (changed.count === 0) {
      // Lost a race with another change: explain from the status it has now, and change nothing.
      assertTransition(current.status, to);
      throw conflict(`The appointment changed meanwhile (it is now ${current.status}): read it again and retry.`);
    }
    return current;
  }

  /** Loads the appointment (NOT_FOUND) and runs the caller's authorization check on it before anything else. */
  private async authorized(access: PatientAccess, idInput: string, check: (appointment: Appointment) => Promise<void>) {
    if (!access.viewer) throw unauthenticated();
    const appointment = await this.prisma.appointment.findUnique({ where: { id: requireId(idInput) } });
    if (!appointment) throw notFound('Appointment', idInput);
    await check(appointment);
    return appointment;
  }

  /** The practitioner's slot starting exactly at `start`, in the future, else BAD_USER_INPUT. */
  private async requireFutureSlot(practitionerId: string, start: Date) {
    if (start <= this.now()) throw badUserInput('start must be in the future.', 'start');
    const slot = await this.availability.slotAt(practitionerId, start);
    if (!slot)
      throw badUserInput("start is not the start of a slot in the practitioner's availability: choose one of Practitioner.availability(from, to).", 'start');
    return slot;
  }
}
