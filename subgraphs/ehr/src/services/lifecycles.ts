/** Every lifecycle of the clinical record, each one table of allowed moves, used by the services and their tests. */
import { conflict } from '@caregraph/errors';
import type { ClinicalStatus, EncounterStatus } from '../generated/prisma/enums';

/** FHIR Encounter, as far as this API goes: a visit is started, then finished, once. */
export const ENCOUNTER_TRANSITIONS: Record<EncounterStatus, readonly EncounterStatus[]> = {
  IN_PROGRESS: ['FINISHED'],
  FINISHED: [],
};

/** A condition's or allergy's state: its FHIR clinical status, or entered in error (its verification status), which ends it. */
export type ClinicalState = ClinicalStatus | 'ENTERED_IN_ERROR';

/** FHIR clinicalStatus moves of conditions and allergies; a resolved condition may recur. Entered in error is final. */
export const CLINICAL_STATUS_TRANSITIONS: Record<ClinicalState, readonly ClinicalState[]> = {
  ACTIVE: ['RESOLVED', 'INACTIVE', 'ENTERED_IN_ERROR'],
  INACTIVE: ['ACTIVE', 'RESOLVED', 'ENTERED_IN_ERROR'],
  RESOLVED: ['ACTIVE', 'ENTERED_IN_ERROR'],
  ENTERED_IN_ERROR: [],
};

export const clinicalState = (row: { clinicalStatus: ClinicalStatus; verificationStatus: string }): ClinicalState =>
  row.verificationStatus === 'ENTERED_IN_ERROR' ? 'ENTERED_IN_ERROR' : row.clinicalStatus;

/**
 * CONFLICT unless `table` allows `from` → `to`, naming the moves that are allowed. Staying in a state (a correction
 * of other fields) is allowed wherever the state still has a way out; a final state takes no change at all.
 */
export function assertTransition<State extends string>(table: Record<State, readonly State[]>, what: string, from: State, to: State): void {
  const allowed = table[from];
  if (allowed.includes(to) || (from === to && allowed.length > 0)) return;
  throw conflict(
    allowed.length
      ? `A ${what} that is ${from} cannot become ${to}: it can become ${allowed.join(' or ')}.`
      : `A ${what} that is ${from} cannot change any more.`,
  );
}
