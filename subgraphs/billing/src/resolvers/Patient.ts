/** What billing adds to a patient: invoices, coverages and claims, batched per request. */
import type { PatientResolvers } from '../generated/graphql';

export const Patient: PatientResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  invoices: (patient, { status }, ctx) => ctx.billing.invoices.ofPatient(ctx.patientAccess, patient.id, status, (id) => ctx.loaders.invoicesOfPatient.load(id)),
  coverages: (patient, _args, ctx) => ctx.billing.coverages.ofPatient(ctx.patientAccess, patient.id, (id) => ctx.loaders.coveragesOfPatient.load(id)),
  claims: (patient, { status }, ctx) => ctx.billing.claims.ofPatient(ctx.patientAccess, patient.id, status, (id) => ctx.loaders.claimsOfPatient.load(id)),
};
