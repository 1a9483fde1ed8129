/** What billing adds to an appointment: the invoice its booking opened. */
import type { AppointmentResolvers } from '../generated/graphql';

export const Appointment: AppointmentResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  invoice: async (appointment, _args, ctx) => (await ctx.loaders.invoiceOfAppointment.load(appointment.id))[0] ?? null,
};
