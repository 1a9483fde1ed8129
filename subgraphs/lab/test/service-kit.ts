/** Shared set-up of the lab service tests (src/services/*.test.ts): the context's real database, its services, a catalogue and care teams as its projections record them. */
import { randomUUID } from 'node:crypto';
import { careTeamProjection, knownPatientsProjection, PatientAccess } from '@caregraph/access';
import type { Role, Viewer } from '@caregraph/auth';
import { DEMO_LAB_TESTS } from '@caregraph/demo';
import { openServiceTestDatabase, testViewer } from '@caregraph/testkit';
import { PrismaClient } from '../src/generated/prisma/client';
import { createServices } from '../src/services';

export async function openLabTestDatabase() {
  const db = await openServiceTestDatabase('lab', (options) => new PrismaClient(options));
  const careTeam = careTeamProjection(db.prisma, 'lab');
  const lab = createServices(db.prisma, db.events, knownPatientsProjection(db.prisma, 'lab'));
  const admin = testViewer('ADMIN');
  for (const test of DEMO_LAB_TESTS) await lab.tests.define(admin, test);
  const access = (viewer: Viewer | undefined) => new PatientAccess(viewer, careTeam.source);
  const clinician = (role: Role) => testViewer(role, { practitionerId: randomUUID() });
  /** A known patient with a doctor and a nurse on the care team, as this context's consumers would record them. */
  async function patientWithCareTeam(options: { active?: boolean } = {}) {
    const patientId = randomUUID();
    const doctor = clinician('DOCTOR');
    const nurse = clinician('NURSE');
    await db.prisma.knownPatient.create({ data: { id: patientId, active: options.active ?? true } });
    await db.prisma.careTeamAccess.createMany({ data: [doctor, nurse].map((v) => ({ patientId, practitionerId: v.practitionerId! })) });
    return {
      patientId,
      doctor: access(doctor),
      nurse: access(nurse),
      self: access(testViewer('PATIENT', { patientId })),
      /** Holds neither the care team nor the role: may read none of this patient's orders. */
      outsiders: [access(clinician('DOCTOR')), access(clinician('NURSE')), access(testViewer('PATIENT', { patientId: randomUUID() })), access(testViewer('ADMIN')), access(clinician('PHARMACIST')), access(testViewer('BILLING_CLERK'))],
    };
  }
  const technician = clinician('LAB_TECHNICIAN');
  return { db, lab, access, clinician, technician, patientWithCareTeam };
}

/** The error code a call ends with, or 'ok'. */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
