/** What scheduling adds to a patient: their appointments, batched per request. */
import type { PatientResolvers } from '../generated/graphql';

export const Patient: PatientResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  appointments: (patient, { status }, ctx) => ctx.appointments.ofPatient(ctx.patientAccess, patient.id, status, (id) => ctx.loaders.appointmentsOfPatient.load(id)),
};
