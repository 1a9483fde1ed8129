/** Root writes: availability and every step of an appointment, each one call to a service. */
import type { MutationResolvers } from '../generated/graphql';

export const Mutation: MutationResolvers = {
  setAvailability: (_parent, { input }, ctx) => ctx.availability.set(ctx.viewer, input),
  bookAppointment: (_parent, { input }, ctx) => ctx.appointments.book(ctx.patientAccess, { ...input, start: new Date(input.start) }),
  rescheduleAppointment: (_parent, { id, start }, ctx) => ctx.appointments.reschedule(ctx.patientAccess, id, new Date(start)),
  cancelAppointment: (_parent, { id, reason }, ctx) => ctx.appointments.cancel(ctx.patientAccess, id, reason),
  checkInAppointment: (_parent, { id }, ctx) => ctx.appointments.checkIn(ctx.patientAccess, id),
  completeAppointment: (_parent, { id }, ctx) => ctx.appointments.complete(ctx.patientAccess, id),
  markNoShow: (_parent, { id }, ctx) => ctx.appointments.markNoShow(ctx.patientAccess, id),
};
