/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { AllergyIntolerance, ClinicalNote, Condition, Encounter, Observation } from './generated/prisma/client';

/** A version row with whether a newer version exists (`current`). */
type Version<Row> = Row & { supersededBy: { id: string } | null };

export type EncounterMapper = Encounter;
export type ConditionMapper = Version<Condition>;
export type AllergyIntoleranceMapper = Version<AllergyIntolerance>;
export type ObservationMapper = Version<Observation>;
export type ClinicalNoteMapper = Version<ClinicalNote>;
/** Other contexts' entities, known here by id only. */
export type PatientMapper = { id: string };
export type PractitionerMapper = { id: string };
export type AppointmentMapper = { id: string };
