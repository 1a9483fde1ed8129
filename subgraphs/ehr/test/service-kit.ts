/** Shared set-up of the ehr service tests (src/services/*.test.ts): the context's real database, its services, and care teams as its projection records them. */
import { randomUUID } from 'node:crypto';
import { knownPatientsProjection, PatientAccess, careTeamProjection } from '@caregraph/access';
import type { Role, Viewer } from '@caregraph/auth';
import { openServiceTestDatabase, testViewer } from '@caregraph/testkit';
import { PrismaClient } from '../src/generated/prisma/client';
import { createServices } from '../src/services';

export async function openEhrTestDatabase() {
  const db = await openServiceTestDatabase('ehr', (options) => new PrismaClient(options));
  const careTeam = careTeamProjection(db.prisma, 'ehr');
  const ehr = createServices(db.prisma, db.events, knownPatientsProjection(db.prisma, 'ehr'));
  const access = (viewer: Viewer | undefined) => new PatientAccess(viewer, careTeam.source);
  /** A known patient with a doctor and a nurse on the care team, as this context's consumers would record them. */
  async function patientWithCareTeam() {
    const patientId = randomUUID();
    const clinician = (role: Role) => testViewer(role, { practitionerId: randomUUID() });
    const doctor = clinician('DOCTOR');
    const nurse = clinician('NURSE');
    await db.prisma.knownPatient.create({ data: { id: patientId } });
    await db.prisma.careTeamAccess.createMany({ data: [doctor, nurse].map((v) => ({ patientId, practitionerId: v.practitionerId! })) });
    return {
      patientId,
      doctor: access(doctor),
      nurse: access(nurse),
      self: access(testViewer('PATIENT', { patientId })),
      /** A doctor on another patient's care team only, an administrator and a billing clerk: none may read this record. */
      outsiders: [access(clinician('DOCTOR')), access(clinician('NURSE')), access(testViewer('ADMIN')), access(testViewer('BILLING_CLERK'))],
    };
  }
  return { db, ehr, access, patientWithCareTeam };
}

/** The error code a call ends with, or 'ok'. */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
