/** What pharmacy adds to a patient: their prescriptions, batched per request. */
import type { PatientResolvers } from '../generated/graphql';

export const Patient: PatientResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  prescriptions: (patient, { status }, ctx) => ctx.pharmacy.prescriptions.ofPatient(ctx.patientAccess, patient.id, status, (id) => ctx.loaders.prescriptionsOfPatient.load(id)),
};
