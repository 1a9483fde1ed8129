/** Root writes of the ehr subgraph: each one line calling the service that authorizes and validates it. */
import type { MutationResolvers } from '../generated/graphql';

export const Mutation: MutationResolvers = {
  startEncounter: (_parent, { input }, ctx) => ctx.ehr.encounters.start(ctx.patientAccess, input),
  finishEncounter: (_parent, { id }, ctx) => ctx.ehr.encounters.finish(ctx.patientAccess, id),
  recordCondition: (_parent, { input }, ctx) => ctx.ehr.conditions.record(ctx.patientAccess, input),
  correctCondition: (_parent, { id, input }, ctx) => ctx.ehr.conditions.correct(ctx.patientAccess, id, input),
  resolveCondition: (_parent, { id }, ctx) => ctx.ehr.conditions.resolve(ctx.patientAccess, id),
  markConditionEnteredInError: (_parent, { id, reason }, ctx) => ctx.ehr.conditions.markEnteredInError(ctx.patientAccess, id, reason),
  recordAllergy: (_parent, { input }, ctx) => ctx.ehr.allergies.record(ctx.patientAccess, input),
  correctAllergy: (_parent, { id, input }, ctx) => ctx.ehr.allergies.correct(ctx.patientAccess, id, input),
  markAllergyEnteredInError: (_parent, { id, reason }, ctx) => ctx.ehr.allergies.markEnteredInError(ctx.patientAccess, id, reason),
  recordObservation: (_parent, { input }, ctx) => ctx.ehr.observations.record(ctx.patientAccess, input),
  correctObservation: (_parent, { id, input }, ctx) => ctx.ehr.observations.correct(ctx.patientAccess, id, input),
  markObservationEnteredInError: (_parent, { id, reason }, ctx) => ctx.ehr.observations.markEnteredInError(ctx.patientAccess, id, reason),
  addClinicalNote: (_parent, { input }, ctx) => ctx.ehr.notes.add(ctx.patientAccess, input),
  amendClinicalNote: (_parent, { id, text, reason }, ctx) => ctx.ehr.notes.amend(ctx.patientAccess, id, text, reason),
  markClinicalNoteEnteredInError: (_parent, { id, reason }, ctx) => ctx.ehr.notes.markEnteredInError(ctx.patientAccess, id, reason),
};
