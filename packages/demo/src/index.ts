/**
 * The demo dataset of docs/api.md, seeded in embedded mode only. Ids are fixed so every context seeds its part
 * independently and the parts still join up through federation.
 */
import type { Role, Viewer } from '@caregraph/auth';

/** Clearly a development default: production never seeds these accounts. */
export const DEMO_PASSWORD = 'demo-password';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const DEMO_IDS = {
  patients: { patient: id(201), patient2: id(202) },
  practitioners: { doctor: id(301), doctor2: id(302), nurse: id(303), pharmacist: id(304), labtech: id(305) },
  /** Seeded by scheduling; ehr links the past visits' encounters to them. */
  appointments: { patientPast: id(501), patientNext: id(502), patient2Past: id(503), patient2Next: id(504) },
} as const;

export type DemoAccount = {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  patientId?: string;
  practitionerId?: string;
  /** The insurer organization (DEMO_ORGANIZATIONS) an INSURANCE_PROVIDER account acts for. */
  organizationId?: string;
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
  { id: id(110), email: 'insurer@demo.test', role: 'INSURANCE_PROVIDER', displayName: 'Acme Health Insurance', organizationId: id(405) },
];

export const DEMO_ORGANIZATIONS = [
  { id: id(401), name: 'Caregraph General Hospital', type: 'HOSPITAL' },
  { id: id(402), name: 'Riverside Family Clinic', type: 'CLINIC' },
  { id: id(403), name: 'Caregraph Pharmacy', type: 'PHARMACY' },
  { id: id(404), name: 'Caregraph Laboratory', type: 'LABORATORY' },
  { id: id(405), name: 'Acme Health Insurance', type: 'INSURER' },
] as const;

export const DEMO_PRACTITIONERS = [
  { id: practitioners.doctor, givenName: 'Dana', familyName: 'Reyes', role: 'DOCTOR', specialties: ['Family Medicine'], licenseNumber: 'MD-100201', organizationId: id(401) },
  { id: practitioners.doctor2, givenName: 'Sam', familyName: 'Okafor', role: 'DOCTOR', specialties: ['Cardiology', 'Internal Medicine'], licenseNumber: 'MD-100202', organizationId: id(401) },
  { id: practitioners.nurse, givenName: 'Nora', familyName: 'Lind', role: 'NURSE', specialties: ['Primary Care'], licenseNumber: 'RN-200301', organizationId: id(402) },
  { id: practitioners.pharmacist, givenName: 'Phil', familyName: 'Carter', role: 'PHARMACIST', specialties: [], licenseNumber: 'RPH-300401', organizationId: id(403) },
  { id: practitioners.labtech, givenName: 'Lee', familyName: 'Tanaka', role: 'LAB_TECHNICIAN', specialties: ['Clinical Chemistry'], licenseNumber: 'MLT-400501', organizationId: id(404) },
] as const;

export const DEMO_PATIENTS = [
  {
    id: patients.patient,
    givenName: 'Pat',
    familyName: 'Morgan',
    birthDate: '1984-06-12',
    gender: 'FEMALE',
    email: 'patient@demo.test',
    phone: '+1 555 0101',
    address: { line: '12 Harbor Street', city: 'Portland', state: 'OR', postalCode: '97201', country: 'US' },
    emergencyContacts: [{ name: 'Alex Morgan', relationship: 'Spouse', phone: '+1 555 0102' }],
  },
  {
    id: patients.patient2,
    givenName: 'Jamie',
    familyName: 'Chen',
    birthDate: '1957-11-03',
    gender: 'MALE',
    email: 'patient2@demo.test',
    phone: '+1 555 0201',
    address: { line: '48 Elm Avenue', city: 'Salem', state: 'OR', postalCode: '97301', country: 'US' },
    emergencyContacts: [{ name: 'Riley Chen', relationship: 'Daughter', phone: '+1 555 0202' }],
  },
] as const;

/** `doctor` and `nurse` care for `patient`; `doctor2` cares for `patient2` (docs/api.md). */
export const DEMO_CARE_TEAMS = [
  { patientId: patients.patient, practitionerId: practitioners.doctor },
  { patientId: patients.patient, practitionerId: practitioners.nurse },
  { patientId: patients.patient2, practitionerId: practitioners.doctor2 },
] as const;

/** Weekday hours of the demo doctors (scheduling): 09:00–17:00 local in 30-minute slots, where the demo clinic is. */
export const DEMO_AVAILABILITY = [
  { practitionerId: practitioners.doctor, timeZone: 'America/Los_Angeles' },
  { practitionerId: practitioners.doctor2, timeZone: 'America/Los_Angeles' },
].map((hours) => ({ ...hours, weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const, startTime: '09:00', endTime: '17:00', slotMinutes: 30 }));

/**
 * Demo appointments (scheduling), placed relative to the day of seeding: a FULFILLED visit about a week before and a
 * BOOKED one a few days after, each on a weekday at `localTime` in its doctor's time zone.
 */
export const DEMO_APPOINTMENTS = [
  { id: DEMO_IDS.appointments.patientPast, patientId: patients.patient, practitionerId: practitioners.doctor, daysFromSeeding: -7, localTime: '10:00', reason: 'Persistent cough and fatigue', fulfilled: true },
  { id: DEMO_IDS.appointments.patientNext, patientId: patients.patient, practitionerId: practitioners.doctor, daysFromSeeding: 3, localTime: '10:00', reason: 'Follow-up on test results', fulfilled: false },
  { id: DEMO_IDS.appointments.patient2Past, patientId: patients.patient2, practitionerId: practitioners.doctor2, daysFromSeeding: -7, localTime: '11:00', reason: 'Blood pressure check', fulfilled: true },
  { id: DEMO_IDS.appointments.patient2Next, patientId: patients.patient2, practitionerId: practitioners.doctor2, daysFromSeeding: 3, localTime: '11:00', reason: 'Cardiology follow-up', fulfilled: false },
] as const;

/**
 * Demo data is created by the demo administrator through the same services (and so the same rules and events) as
 * real use. Seeding runs in process without a token, so this viewer stands for that account.
 */
export const DEMO_SEEDER: Viewer = {
  userId: DEMO_ACCOUNTS[0]!.id,
  role: 'ADMIN',
  tokenId: 'demo-seed',
  sessionId: 'demo-seed',
  expiresAt: new Date(8.64e15),
};

/**
 * The demo doctors, for data an administrator may not write: the clinical record is written by `doctor@` for
 * `patient@` and by `doctor2@` for `patient2@`, through the same services and rules as any doctor.
 */
const demoClinician = (account: DemoAccount): Viewer => ({
  userId: account.id,
  role: account.role,
  practitionerId: account.practitionerId,
  tokenId: 'demo-seed',
  sessionId: 'demo-seed',
  expiresAt: new Date(8.64e15),
});
export const DEMO_CLINICIANS = { doctor: demoClinician(DEMO_ACCOUNTS[1]!), doctor2: demoClinician(DEMO_ACCOUNTS[2]!) };

// ---- pharmacy demo data ----

/** The demo pharmacist, who keeps the catalogue and its stock (an administrator may not). */
export const DEMO_PHARMACIST = demoClinician(DEMO_ACCOUNTS[6]!);

/**
 * The demo catalogue (RxNorm RXCUIs) with its stock. Lisinopril sits just above its reorder level: dispensing one
 * fill of patient@'s prescription crosses it and announces `pharmacy.stock.low`. Amoxicillin contains penicillin
 * (patient@'s recorded allergy), co-trimoxazole a sulfonamide (patient2@'s).
 */
export const DEMO_MEDICATIONS = [
  { id: id(601), code: '314076', name: 'Lisinopril', form: 'TABLET', strength: '10 mg', ingredients: ['lisinopril', 'ace inhibitor'], stockOnHand: 40, reorderLevel: 30 },
  { id: id(602), code: '308191', name: 'Amoxicillin', form: 'CAPSULE', strength: '500 mg', ingredients: ['amoxicillin', 'penicillin'], stockOnHand: 200, reorderLevel: 50 },
  { id: id(603), code: '197805', name: 'Ibuprofen', form: 'TABLET', strength: '400 mg', ingredients: ['ibuprofen', 'nsaid'], stockOnHand: 300, reorderLevel: 60 },
  { id: id(604), code: '861007', name: 'Metformin hydrochloride', form: 'TABLET', strength: '500 mg', ingredients: ['metformin'], stockOnHand: 240, reorderLevel: 60 },
  { id: id(605), code: '311372', name: 'Loratadine', form: 'TABLET', strength: '10 mg', ingredients: ['loratadine', 'antihistamine'], stockOnHand: 90, reorderLevel: 20 },
  { id: id(606), code: '198335', name: 'Sulfamethoxazole / trimethoprim', form: 'TABLET', strength: '800 mg / 160 mg', ingredients: ['sulfamethoxazole', 'trimethoprim', 'sulfonamide'], stockOnHand: 60, reorderLevel: 20 },
  { id: id(607), code: '617310', name: 'Atorvastatin', form: 'TABLET', strength: '20 mg', ingredients: ['atorvastatin', 'statin'], stockOnHand: 120, reorderLevel: 30 },
] as const;

/** ACTIVE prescriptions written by each patient's doctor (the ones the clinical notes mention). */
export const DEMO_PRESCRIPTIONS = [
  { id: id(651), patientId: patients.patient, prescriber: 'doctor', medicationId: id(601), quantity: 30, refills: 2, dosageInstructions: 'Take one tablet by mouth once daily.' },
  { id: id(652), patientId: patients.patient2, prescriber: 'doctor2', medicationId: id(604), quantity: 60, refills: 5, dosageInstructions: 'Take one tablet by mouth twice daily with meals.' },
] as const;

// ---- lab demo data ----

/** The demo lab technician (labtech@), who collects specimens and records results, as the demo doctors write the record. */
export const DEMO_LAB_TECHNICIAN = demoClinician(DEMO_ACCOUNTS.find((account) => account.role === 'LAB_TECHNICIAN')!);

/**
 * The demo lab catalogue (LOINC, UCUM units): reference ranges are inclusive; a value beyond a critical bound is
 * CRITICAL (docs/lab.md). Decimals are strings, as the API takes them.
 */
export const DEMO_LAB_TESTS = [
  { code: '2345-7', name: 'Glucose [Mass/volume] in Serum or Plasma', unit: 'mg/dL', referenceLow: '70', referenceHigh: '99', criticalLow: '40', criticalHigh: '400' },
  { code: '718-7', name: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL', referenceLow: '12.0', referenceHigh: '17.5', criticalLow: '7.0', criticalHigh: '20.0' },
  { code: '2823-3', name: 'Potassium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', referenceLow: '3.5', referenceHigh: '5.1', criticalLow: '2.8', criticalHigh: '6.2' },
  { code: '4548-4', name: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%', referenceLow: '4.0', referenceHigh: '5.6', criticalLow: null, criticalHigh: '14.0' },
  { code: '2160-0', name: 'Creatinine [Mass/volume] in Serum or Plasma', unit: 'mg/dL', referenceLow: '0.6', referenceHigh: '1.3', criticalLow: null, criticalHigh: '10.0' },
] as const;

/**
 * Demo lab orders: `patient@`'s glucose ordered by `doctor@`, collected and resulted by `labtech@` (HIGH), and an
 * open potassium order on the worklist; `patient2@` has an URGENT hemoglobin ordered by `doctor2@`.
 */
export const DEMO_LAB_ORDERS = [
  { id: id(701), patientId: patients.patient, orderedBy: 'doctor', testCode: '2345-7', priority: 'ROUTINE', result: '104' },
  { id: id(702), patientId: patients.patient, orderedBy: 'doctor', testCode: '2823-3', priority: 'ROUTINE', result: null },
  { id: id(703), patientId: patients.patient2, orderedBy: 'doctor2', testCode: '718-7', priority: 'URGENT', result: null },
] as const;

// ---- billing demo data ----

/** The demo billing clerk (billing@): invoices, payments, coverage and claims are a BILLING_CLERK's to write. */
export const DEMO_BILLING_CLERK: Viewer = demoClinician(DEMO_ACCOUNTS[8]!);

/** A CPT-style fee schedule: office visits (99213 up to 30 minutes, 99214 longer) and a few procedures. */
export const DEMO_FEE_SCHEDULE = [
  { code: '99202', description: 'Office visit, new patient, straightforward', unitPrice: '95.00' },
  { code: '99203', description: 'Office visit, new patient, low complexity', unitPrice: '145.00' },
  { code: '99213', description: 'Office visit, established patient, low complexity', unitPrice: '125.00' },
  { code: '99214', description: 'Office visit, established patient, moderate complexity', unitPrice: '185.00' },
  { code: '36415', description: 'Routine venipuncture (blood draw)', unitPrice: '15.00' },
  { code: '71046', description: 'Chest X-ray, 2 views', unitPrice: '92.50' },
  { code: '93000', description: 'Electrocardiogram, 12 leads, with interpretation', unitPrice: '64.75' },
  { code: '90471', description: 'Immunization administration, one vaccine', unitPrice: '28.00' },
] as const;

/**
 * `patient@` is insured with Acme; the past visit's invoice (opened by its booking) is issued with a chest X-ray
 * added, and claimed from Acme (SUBMITTED).
 */
export const DEMO_BILLING = {
  coverage: { id: id(801), patientId: patients.patient, insurerId: DEMO_ORGANIZATIONS[4].id, policyNumber: 'ACME-448812' },
  claim: { id: id(802), appointmentId: DEMO_IDS.appointments.patientPast, extraLineCode: '71046' },
} as const;
