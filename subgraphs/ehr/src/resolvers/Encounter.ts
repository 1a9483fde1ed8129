/** Fields of Encounter: references by id, versions and history through the loaders. */
import type { EncounterResolvers } from '../generated/graphql';

export const Encounter: EncounterResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.encounter.load(reference.id),
  patient: (encounter) => ({ id: encounter.patientId }),
  practitioner: (encounter) => ({ id: encounter.practitionerId }),
  appointment: (encounter) => (encounter.appointmentId ? { id: encounter.appointmentId } : null),
  start: (encounter) => encounter.startAt,
  end: (encounter) => encounter.endAt,
  notes: (encounter, _args, ctx) => ctx.loaders.notesOfEncounter.load(encounter.id),
};
