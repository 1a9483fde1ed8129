/** Patient fields audit adds: who read the record. */
import type { PatientResolvers } from '../generated/graphql';

export const Patient: PatientResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  accessLog: (patient, args, ctx) => ctx.audit.trail.accessLog(ctx.viewer, patient.id, args),
};
