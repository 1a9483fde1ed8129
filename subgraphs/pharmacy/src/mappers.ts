/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { Connection } from '@caregraph/db';
import type { Medication, MedicationDispense, Prescription } from './generated/prisma/client';

export type MedicationMapper = Medication;
export type PrescriptionMapper = Prescription;
export type MedicationDispenseMapper = MedicationDispense;
export type MedicationConnectionMapper = Connection<Medication>;
export type PrescriptionConnectionMapper = Connection<Prescription>;
/** Other contexts' entities, known here by id only. */
export type PatientMapper = { id: string };
export type PractitionerMapper = { id: string };
