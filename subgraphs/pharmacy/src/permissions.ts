/** Who may read the pharmacy context's types (root operations are in @caregraph/access operationRules). Deny by default. */
import { allow, hasRole, isAuthenticated, patientRule } from '@caregraph/access';
import type { IRules } from 'graphql-shield';
import { CATALOGUE_READERS, STOCK_READERS } from './services/roles';

/** On the types, so a prescription or dispense reached through a root field, a nested list or `_entities` is checked alike. */
const prescriptionReadable = patientRule('prescriptions:read', (prescription: { patientId: string }) => prescription.patientId);
const dispenseReadable = patientRule('prescriptions:read', (dispense: { patientId: string }) => dispense.patientId);
const stock = hasRole(...STOCK_READERS);

export const permissions: IRules = {
  Prescription: prescriptionReadable,
  MedicationDispense: dispenseReadable,
  Medication: { '*': hasRole(...CATALOGUE_READERS), stockOnHand: stock, reorderLevel: stock, lowStock: stock },
  // The patient's list is as private as the prescriptions in it; the id alone is what the gateway joins on.
  Patient: { id: isAuthenticated, prescriptions: patientRule('prescriptions:read') },
  // References to other contexts' entities: an id, nothing more.
  Practitioner: isAuthenticated,
  MedicationConnection: allow,
  MedicationEdge: allow,
  PrescriptionConnection: allow,
  PrescriptionEdge: allow,
  PageInfo: allow,
};
