/** What lab adds to a patient: their lab orders, batched per request. */
import type { PatientResolvers } from '../generated/graphql';

export const Patient: PatientResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  labOrders: (patient, { status }, ctx) => ctx.lab.orders.ofPatient(ctx.patientAccess, patient.id, status, (id) => ctx.loaders.labOrdersOfPatient.load(id)),
};
