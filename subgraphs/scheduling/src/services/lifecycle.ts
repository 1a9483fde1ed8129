/** The appointment lifecycle (FHIR R4 Appointment.status) as one table: the service and its tests both read it. */
import { conflict } from '@caregraph/errors';
import type { AppointmentStatus } from '../generated/prisma/client';

/** Every allowed status change, and the mutation that makes it. Anything not listed is CONFLICT. */
export const APPOINTMENT_TRANSITIONS = {
  BOOKED: { ARRIVED: 'checkInAppointment', CANCELLED: 'cancelAppointment', NOSHOW: 'markNoShow' },
  ARRIVED: { FULFILLED: 'completeAppointment', CANCELLED: 'cancelAppointment' },
  FULFILLED: {},
  CANCELLED: {},
  NOSHOW: {},
} as const satisfies Record<AppointmentStatus, Partial<Record<AppointmentStatus, string>>>;

/** Statuses that hold the practitioner's time; the others free it (the database constraint says the same). */
export const HOLDS_TIME: readonly AppointmentStatus[] = ['BOOKED', 'ARRIVED'];
/** Only a booked appointment can move to another time; once the patient has arrived it is happening. */
export const RESCHEDULABLE: readonly AppointmentStatus[] = ['BOOKED'];

export const canTransition = (from: AppointmentStatus, to: AppointmentStatus): boolean => to in APPOINTMENT_TRANSITIONS[from];

/** Throws CONFLICT naming what is allowed from `from`, unless `from → to` is in the table. */
export function assertTransition(from: AppointmentStatus, to: AppointmentStatus): void {
  if (canTransition(from, to)) return;
  const allowed = Object.entries(APPOINTMENT_TRANSITIONS[from]).map(([status, mutation]) => `${status} (${mutation})`);
  throw conflict(
    `The appointment is ${from} and cannot become ${to}: ` +
      (allowed.length ? `from ${from} it can only become ${allowed.join(', ')}.` : `${from} is final, no change is allowed.`),
  );
}

/** The statuses on the way from `from` to `to` through the table (breadth-first), excluding `from`; null if unreachable. */
export function pathTo(from: AppointmentStatus, to: AppointmentStatus): AppointmentStatus[] | null {
  const queue: AppointmentStatus[][] = [[from]];
  while (queue.length) {
    const path = queue.shift()!;
    const last = path.at(-1)!;
    if (last === to) return path.slice(1);
    for (const next of Object.keys(APPOINTMENT_TRANSITIONS[last]) as AppointmentStatus[]) if (!path.includes(next)) queue.push([...path, next]);
  }
  return null;
}
