/** Seeds the demo clinical record (embedded mode only) through the services, written by the demo doctors; idempotent. */
import { PatientAccess, waitForCareTeamMember, type CareTeamSource, type KnownPatients } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { DEMO_CLINICIANS, DEMO_IDS } from '@caregraph/demo';
import type { PrismaClient } from './generated/prisma/client';
import type { ClinicalServices } from './services';

type DemoRecord = {
  patientId: string;
  doctor: Viewer;
  appointmentId: string;
  reason: string;
  conditions: { code: string; onsetDate: string }[];
  allergy: { substance: string; reaction: string; severity: 'MILD' | 'MODERATE' | 'SEVERE' };
  vitals: { code: string; value: string; unit: string }[];
  note: string;
};

const { patients, appointments } = DEMO_IDS;
const RECORDS: DemoRecord[] = [
  {
    patientId: patients.patient,
    doctor: DEMO_CLINICIANS.doctor,
    appointmentId: appointments.patientPast,
    reason: 'Annual check-up; follow-up of blood pressure',
    conditions: [{ code: 'I10', onsetDate: '2021-03-15' }, { code: 'J30.2', onsetDate: '2015-05-01' }],
    allergy: { substance: 'Penicillin', reaction: 'Hives', severity: 'MODERATE' },
    vitals: [{ code: '8480-6', value: '128', unit: 'mm[Hg]' }, { code: '8462-4', value: '82', unit: 'mm[Hg]' }, { code: '8867-4', value: '72', unit: '/min' }, { code: '8310-5', value: '36.8', unit: 'Cel' }, { code: '29463-7', value: '68.5', unit: 'kg' }],
    note: 'Blood pressure slightly above target on lisinopril 10 mg. Advised salt reduction and home readings; review in 3 months. Seasonal rhinitis controlled with loratadine.',
  },
  {
    patientId: patients.patient2,
    doctor: DEMO_CLINICIANS.doctor2,
    appointmentId: appointments.patient2Past,
    reason: 'Diabetes review',
    conditions: [{ code: 'E11.9', onsetDate: '2012-09-01' }, { code: 'E78.5', onsetDate: '2016-02-10' }],
    allergy: { substance: 'Sulfonamides', reaction: 'Rash', severity: 'MILD' },
    vitals: [{ code: '8480-6', value: '136', unit: 'mm[Hg]' }, { code: '8462-4', value: '84', unit: 'mm[Hg]' }, { code: '8867-4', value: '78', unit: '/min' }, { code: '29463-7', value: '91.2', unit: 'kg' }],
    note: 'HbA1c trending down on metformin. Continue current dose; annual eye and foot checks due. Statin well tolerated.',
  },
];

/** How long seeding waits for care-team's demo assignments to reach this context's access projection. */
const PROJECTION_WAIT_MS = 60_000;

export async function seedDemoData(prisma: PrismaClient, ehr: ClinicalServices, careTeam: CareTeamSource, knownPatients: KnownPatients): Promise<void> {
  for (const record of RECORDS) {
    if (await prisma.encounter.count({ where: { appointmentId: record.appointmentId } })) continue;
    await waitForCareTeamMember(careTeam, record.patientId, record.doctor.practitionerId!, { waitMs: PROJECTION_WAIT_MS, context: 'ehr' });
    if (!(await knownPatients.find(record.patientId, { waitMs: PROJECTION_WAIT_MS }))) throw new Error(`Demo patient ${record.patientId} was not announced within 60 s: is the patients context running?`);
    const access = new PatientAccess(record.doctor, careTeam);
    const { patientId } = record;
    const encounter = await ehr.encounters.start(access, { patientId, appointmentId: record.appointmentId, reason: record.reason });
    for (const vital of record.vitals) await ehr.observations.record(access, { patientId, encounterId: encounter.id, category: 'VITAL_SIGNS', ...vital });
    for (const condition of record.conditions) await ehr.conditions.record(access, { patientId, encounterId: encounter.id, ...condition });
    await ehr.allergies.record(access, { patientId, ...record.allergy });
    await ehr.notes.add(access, { patientId, encounterId: encounter.id, text: record.note });
    await ehr.encounters.finish(access, encounter.id);
  }
}

