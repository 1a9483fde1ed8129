/** Appointment fields: the stored row's times under their API names, patient and practitioner as federation references. */
import type { AppointmentResolvers } from '../generated/graphql';

export const Appointment: AppointmentResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.appointment.load(reference.id),
  start: (appointment) => appointment.startAt,
  end: (appointment) => appointment.endAt,
  patient: (appointment) => ({ id: appointment.patientId }),
  practitioner: (appointment) => ({ id: appointment.practitionerId }),
};
