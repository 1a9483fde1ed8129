import type { PatientResolvers } from '../generated/graphql';

export const Patient: PatientResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  careTeam: (patient, _args, ctx) => ctx.loaders.careTeamOfPatient.load(patient.id),
};
