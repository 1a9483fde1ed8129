/**
 * The demo dataset of API.md, seeded in embedded mode only. Ids are fixed so every context seeds its part
 * independently and the parts still join up through federation.
 */
import type { Role } from '@caregraph/auth';

/** Clearly a development default: production never seeds these accounts. */
export const DEMO_PASSWORD = 'demo-password';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const DEMO_IDS = {
  patients: { patient: id(201), patient2: id(202) },
  practitioners: { doctor: id(301), doctor2: id(302), nurse: id(303), pharmacist: id(304), labtech: id(305) },
} as const;

export type DemoAccount = {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  patientId?: string;
  practitionerId?: string;
};

const { patients, practitioners } = DEMO_IDS;

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { id: id(101), email: 'admin@demo.test', role: 'ADMIN', displayName: 'Avery Admin' },
  { id: id(102), email: 'doctor@demo.test', role: 'DOCTOR', displayName: 'Dr. Dana Reyes', practitionerId: practitioners.doctor },
  { id: id(103), email: 'doctor2@demo.test', role: 'DOCTOR', displayName: 'Dr. Sam Okafor', practitionerId: practitioners.doctor2 },
  { id: id(104), email: 'nurse@demo.test', role: 'NURSE', displayName: 'Nora Lind', practitionerId: practitioners.nurse },
  { id: id(105), email: 'patient@demo.test', role: 'PATIENT', displayName: 'Pat Morgan', patientId: patients.patient },
  { id: id(106), email: 'patient2@demo.test', role: 'PATIENT', displayName: 'Jamie Chen', patientId: patients.patient2 },
  { id: id(107), email: 'pharmacist@demo.test', role: 'PHARMACIST', displayName: 'Phil Carter', practitionerId: practitioners.pharmacist },
  { id: id(108), email: 'labtech@demo.test', role: 'LAB_TECHNICIAN', displayName: 'Lee Tanaka', practitionerId: practitioners.labtech },
  { id: id(109), email: 'billing@demo.test', role: 'BILLING_CLERK', displayName: 'Billie Ford' },
  { id: id(110), email: 'insurer@demo.test', role: 'INSURANCE_PROVIDER', displayName: 'Acme Health Insurance' },
];
