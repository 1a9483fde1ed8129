/** Who may read the patients context's types (root operations are in @caregraph/access operationRules). Deny by default. */
import { allow, patientRule } from '@caregraph/access';
import type { IRules } from 'graphql-shield';

export const permissions: IRules = {
  // On the type, so root fields, nested fields and _entities are all covered. Field by field, because a pharmacist,
  // lab technician or insurer reads only the name (and birth date) of the patients a prescription, order or claim
  // relates them to: any other field is FORBIDDEN to them.
  Patient: {
    '*': patientRule('demographics:read'),
    id: patientRule('demographics:name'),
    givenName: patientRule('demographics:name'),
    familyName: patientRule('demographics:name'),
    birthDate: patientRule('demographics:identify'),
  },
  // Parts of a patient, reached only through an authorized Patient.
  Address: allow,
  EmergencyContact: allow,
  PatientConnection: allow,
  PatientEdge: allow,
  PageInfo: allow,
};
