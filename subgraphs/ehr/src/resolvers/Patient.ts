/** The clinical record on a patient: current versions, batched per request by the loaders. */
import type { PatientResolvers } from '../generated/graphql';
import { requireLoinc } from '../codes/codes';

export const Patient: PatientResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  encounters: (patient, _args, ctx) => ctx.loaders.encountersOfPatient.load(patient.id),
  conditions: (patient, _args, ctx) => ctx.loaders.conditionsOfPatient.load(patient.id),
  allergies: (patient, _args, ctx) => ctx.loaders.allergiesOfPatient.load(patient.id),
  // One query for every patient of the request; a code filters that patient's list (validated, so a typo is BAD_USER_INPUT).
  observations: async (patient, { code }, ctx) => filterByCode(await ctx.loaders.observationsOfPatient.load(patient.id), code),
  notes: (patient, _args, ctx) => ctx.loaders.notesOfPatient.load(patient.id),
};

function filterByCode<Row extends { code: string }>(rows: Row[], code: string | null | undefined): Row[] {
  if (!code) return rows;
  const loinc = requireLoinc(code);
  return rows.filter((row) => row.code === loinc);
}
