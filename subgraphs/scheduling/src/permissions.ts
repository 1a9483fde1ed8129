/** Who may read the scheduling context's types (root operations are in @caregraph/access operationRules). Deny by default. */
import { allow, isAuthenticated, patientRule, rule } from '@caregraph/access';
import { forbidden, unauthenticated } from '@caregraph/errors';
import type { IRules } from 'graphql-shield';
import type { Appointment } from './generated/prisma/client';
import type { RequestContext } from './request-context';
import { mayReadAppointment } from './services/appointments';

/** On the type, so an appointment reached through a root field, a nested list or `_entities` is checked alike. */
const appointmentReadable = rule('appointmentReadable', { cache: 'no_cache' })(async (parent: Appointment, _args, ctx: RequestContext) => {
  if (!ctx.viewer) return unauthenticated();
  return (await mayReadAppointment(ctx.patientAccess, parent)) || forbidden('You may not see this appointment.');
});

export const permissions: IRules = {
  Appointment: appointmentReadable,
  // Free slots and weekly hours are open to every signed-in user: patients book with them. The calendar shows each
  // viewer only the appointments they may read (the service filters, the Appointment rule checks again).
  Practitioner: { id: isAuthenticated, availability: isAuthenticated, weeklyAvailability: isAuthenticated, appointments: isAuthenticated },
  Patient: { id: isAuthenticated, appointments: patientRule('appointments:read') },
  Availability: isAuthenticated,
  Slot: allow,
  AppointmentConnection: allow,
  AppointmentEdge: allow,
  PageInfo: allow,
};
