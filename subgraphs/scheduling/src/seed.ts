/** Seeds the demo doctors' weekday hours and the demo appointments (embedded mode only) through the services; idempotent. */
import type { KnownPatients, KnownPractitioners, PatientAccess } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { DEMO_ACCOUNTS, DEMO_APPOINTMENTS, DEMO_AVAILABILITY, DEMO_PATIENTS, DEMO_SEEDER } from '@caregraph/demo';
import type { ContextEvents } from '@caregraph/events';
import type { PrismaClient } from './generated/prisma/client';
import { AppointmentService } from './services/appointments';
import { AvailabilityService } from './services/availability';
import { localDate, requireTime, zonedInstant } from './services/slots';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const WAIT_MS = 60_000;

export type SeedParts = { prisma: PrismaClient; events: ContextEvents<PrismaClient>; knownPatients: KnownPatients; knownPractitioners: KnownPractitioners; accessFor: (viewer: Viewer) => PatientAccess };

/** The weekday nearest `daysFromNow` days away (moving further from today over a weekend), at a local time. */
function demoStart(now: Date, daysFromNow: number, localTime: string, timeZone: string): Date {
  const step = daysFromNow < 0 ? -1 : 1;
  let day = localDate(new Date(now.getTime() + daysFromNow * DAY), timeZone);
  while ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) day = new Date(Date.parse(`${day}T00:00:00Z`) + step * DAY).toISOString().slice(0, 10);
  return zonedInstant(day, requireTime(localTime, 'localTime'), timeZone)!;
}

export async function seedDemoData({ prisma, events, knownPatients, knownPractitioners, accessFor }: SeedParts): Promise<void> {
  const now = new Date();
  const access = accessFor(DEMO_SEEDER);
  const availability = new AvailabilityService(prisma, knownPractitioners);
  const appointments = new AppointmentService(prisma, events, availability, knownPatients);
  if (await appointments.get(access, DEMO_APPOINTMENTS[0].id)) return;
  // Patients and care-team seed at the same time (in other processes in services mode): their announcements are
  // what tells this context the demo patients and doctors exist, as for anyone.
  for (const { id } of DEMO_PATIENTS)
    if (!(await knownPatients.find(id, { waitMs: WAIT_MS }))) throw new Error(`Demo patient ${id} was not announced within 60 s: is the patients context running?`);
  // Hours from two months back, so the past visits fall on them too.
  const validFrom = new Date(now.getTime() - 60 * DAY).toISOString().slice(0, 10);
  for (const hours of DEMO_AVAILABILITY) {
    if (!(await knownPractitioners.find(hours.practitionerId, { waitMs: WAIT_MS }))) throw new Error(`Demo practitioner ${hours.practitionerId} was not announced within 60 s: is the care-team context running?`);
    await availability.set(DEMO_SEEDER, { ...hours, weekdays: [...hours.weekdays], validFrom });
  }
  for (const demo of DEMO_APPOINTMENTS) {
    if (await appointments.get(access, demo.id)) continue;
    const { timeZone } = DEMO_AVAILABILITY.find((hours) => hours.practitionerId === demo.practitionerId)!;
    const start = demoStart(now, demo.daysFromSeeding, demo.localTime, timeZone);
    // A past visit is booked, attended and completed as it was then: through a service whose clock is an hour before it.
    const service = start < now ? new AppointmentService(prisma, events, availability, knownPatients, () => new Date(start.getTime() - HOUR)) : appointments;
    await service.book(access, { patientId: demo.patientId, practitionerId: demo.practitionerId, start, reason: demo.reason }, demo.id);
    if (demo.fulfilled) {
      // Checking in and completing are the doctor's, not the administrator's: done as the demo doctor's account.
      const doctor = DEMO_ACCOUNTS.find((account) => account.practitionerId === demo.practitionerId)!;
      const asDoctor = accessFor({ ...DEMO_SEEDER, userId: doctor.id, role: doctor.role, practitionerId: demo.practitionerId });
      await service.checkIn(asDoctor, demo.id);
      await service.complete(asDoctor, demo.id);
    }
  }
}
