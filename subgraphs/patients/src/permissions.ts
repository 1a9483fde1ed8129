/** Who may read the patients context's types (root operations are in @caregraph/access operationRules). Deny by default. */
import { allow, patientRule } from '@caregraph/access';
import type { IRules } from 'graphql-shield';

export const permissions: IRules = {
  // On the type, so root fields, nested fields and _entities are all covered.
  Patient: patientRule('demographics:read'),
  // Parts of a patient, reached only through an authorized Patient.
  Address: allow,
  EmergencyContact: allow,
  PatientConnection: allow,
  PatientEdge: allow,
  PageInfo: allow,
};
