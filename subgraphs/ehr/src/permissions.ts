/** Who may read the ehr context's types (root operations are in @caregraph/access operationRules). Deny by default. */
import { isAuthenticated, patientRule } from '@caregraph/access';
import type { IRules } from 'graphql-shield';
import { ALLERGIES_READ, CLINICAL_READ } from './services/capabilities';

type OfPatient = { patientId: string };
const ofPatient = (record: OfPatient) => record.patientId;

export const permissions: IRules = {
  // On the types, so root fields, nested fields and _entities are all covered: no ADMIN or BILLING_CLERK reads any.
  Encounter: patientRule(CLINICAL_READ, ofPatient),
  Condition: patientRule(CLINICAL_READ, ofPatient),
  AllergyIntolerance: patientRule(ALLERGIES_READ, ofPatient),
  Observation: patientRule(CLINICAL_READ, ofPatient),
  ClinicalNote: patientRule(CLINICAL_READ, ofPatient),
  // The patient's lists are as private as the records in them; the id alone is what the gateway joins on.
  Patient: {
    id: isAuthenticated,
    encounters: patientRule(CLINICAL_READ),
    conditions: patientRule(CLINICAL_READ),
    allergies: patientRule(ALLERGIES_READ),
    observations: patientRule(CLINICAL_READ),
    notes: patientRule(CLINICAL_READ),
  },
  // References to other contexts' entities: an id, nothing more.
  Practitioner: isAuthenticated,
  Appointment: isAuthenticated,
};
