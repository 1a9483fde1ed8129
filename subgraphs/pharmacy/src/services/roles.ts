/**
 * Which roles may do what with the catalogue and its stock, the one place pharmacy writes it (the gateway's
 * operationRules in @caregraph/access list the same roles for the root fields). Prescriptions go by PATIENT_GRANTS.
 */
import type { Role } from '@caregraph/auth';

/** The catalogue: whoever may read prescriptions (docs/api.md), plus ADMIN. */
export const CATALOGUE_READERS: Role[] = ['ADMIN', 'DOCTOR', 'NURSE', 'PATIENT', 'PHARMACIST'];
/** Stock on hand and reorder levels are the staff's: a patient sees a medication, not the pharmacy's shelves. */
export const STOCK_READERS: Role[] = ['ADMIN', 'DOCTOR', 'NURSE', 'PHARMACIST'];
/** Dispensing, restocking and adding catalogue items: the pharmacist's, for every patient. */
export const PHARMACY_STAFF: Role[] = ['PHARMACIST'];
