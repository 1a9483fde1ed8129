/**
 * Which patient capability each kind of clinical record takes (who holds it is PATIENT_GRANTS in @caregraph/access):
 * the one place "a nurse records vitals and notes, a doctor everything" is written in ehr.
 */
import type { PatientCapability } from '@caregraph/access';
import type { ObservationCategory } from '../generated/prisma/enums';

export const CLINICAL_READ: PatientCapability = 'clinical:read';
/** Reading allergies: the clinical readers, and pharmacists for the patients with a prescription. */
export const ALLERGIES_READ: PatientCapability = 'allergies:read';
export const CLINICAL_WRITE: PatientCapability = 'clinical:write';
export const NOTES_WRITE: PatientCapability = 'notes:write';
export const OBSERVATION_WRITE: Record<ObservationCategory, PatientCapability> = {
  VITAL_SIGNS: 'vitals:write',
  LABORATORY: 'clinical:write',
};
