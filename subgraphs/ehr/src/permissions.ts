/** Who may read the ehr context's types (root operations are in @caregraph/access operationRules). Deny by default. */
import { isAuthenticated, patientRule, type PatientCapability } from '@caregraph/access';
import type { IRules } from 'graphql-shield';
import { ALLERGIES_READ, CLINICAL_READ } from './services/capabilities';

/** One rule object per capability: every record type finds its patient the same way. */
const recordOfPatient = (capability: PatientCapability) => patientRule(capability, (record: { patientId: string }) => record.patientId);
const readRecord = recordOfPatient(CLINICAL_READ);
const readAllergy = recordOfPatient(ALLERGIES_READ);

export const permissions: IRules = {
  // On the types, so root fields, nested fields and _entities are all covered: no ADMIN or BILLING_CLERK reads any.
  Encounter: readRecord,
  Condition: readRecord,
  AllergyIntolerance: readAllergy,
  Observation: readRecord,
  ClinicalNote: readRecord,
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
