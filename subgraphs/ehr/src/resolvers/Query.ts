/** Root reads of the ehr subgraph: one record by id, authorized by its service. */
import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  encounter: (_parent, { id }, ctx) => ctx.ehr.encounters.get(ctx.patientAccess, id),
  condition: (_parent, { id }, ctx) => ctx.ehr.conditions.get(ctx.patientAccess, id),
  allergyIntolerance: (_parent, { id }, ctx) => ctx.ehr.allergies.get(ctx.patientAccess, id),
  observation: (_parent, { id }, ctx) => ctx.ehr.observations.get(ctx.patientAccess, id),
  clinicalNote: (_parent, { id }, ctx) => ctx.ehr.notes.get(ctx.patientAccess, id),
};
