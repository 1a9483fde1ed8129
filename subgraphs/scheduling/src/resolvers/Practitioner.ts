/** What scheduling adds to a practitioner: free slots, weekly hours and the calendar, each batched per request. */
import type { PractitionerResolvers } from '../generated/graphql';

export const Practitioner: PractitionerResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  availability: (practitioner, { from, to }, ctx) => ctx.availability.freeSlotsOf(ctx.viewer, practitioner.id, new Date(from), new Date(to), (q) => ctx.loaders.freeSlots.load(q)),
  weeklyAvailability: (practitioner, _args, ctx) => ctx.availability.currentHours(ctx.viewer, practitioner.id, (id) => ctx.loaders.weeklyAvailability.load(id)),
  appointments: (practitioner, { from, to }, ctx) => ctx.appointments.ofPractitioner(ctx.patientAccess, practitioner.id, new Date(from), new Date(to), (q) => ctx.loaders.calendar.load(q)),
};
