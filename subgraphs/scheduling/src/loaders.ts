/** Per-request DataLoaders of the scheduling context: one query per entity type, whatever the list length. */
import { byIdLoader, groupLoader, queryLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';
import type { AppointmentService, CalendarQuery } from './services/appointments';
import type { AvailabilityService, SlotQuery } from './services/availability';

export const createLoaders = (prisma: PrismaClient, availability: AvailabilityService, appointments: AppointmentService) => ({
  appointment: byIdLoader((ids) => prisma.appointment.findMany({ where: { id: { in: [...ids] } } })),
  appointmentsOfPatient: groupLoader((patientIds) => prisma.appointment.findMany({ where: { patientId: { in: [...patientIds] } }, orderBy: [{ startAt: 'asc' }, { id: 'asc' }] }), (a) => a.patientId),
  weeklyAvailability: groupLoader((practitionerIds) => availability.batchCurrentHours(practitionerIds), (hours) => hours.practitionerId),
  freeSlots: queryLoader((queries: readonly SlotQuery[]) => availability.batchFreeSlots(queries)),
  calendar: queryLoader((queries: readonly CalendarQuery[]) => appointments.batchCalendars(queries)),
});
export type Loaders = ReturnType<typeof createLoaders>;
