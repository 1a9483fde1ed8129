/** Shared set-up of the lab service tests (src/services/*.test.ts): the context's real database, its services, a catalogue and care teams as its projections record them. */
import { randomUUID } from 'node:crypto';
import { careTeamProjection, knownPatientsProjection, PatientAccess } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { DEMO_LAB_TESTS } from '@caregraph/demo';
import { knownPatientWithCareTeam, openServiceTestDatabase, testClinician, testViewer } from '@caregraph/testkit';
import { PrismaClient } from '../src/generated/prisma/client';
import { createServices } from '../src/services';

export async function openLabTestDatabase() {
  const db = await openServiceTestDatabase('lab', (options) => new PrismaClient(options));
  const careTeam = careTeamProjection(db.prisma, 'lab');
  const lab = createServices(db.prisma, db.events, knownPatientsProjection(db.prisma, 'lab'));
  const admin = testViewer('ADMIN');
  for (const test of DEMO_LAB_TESTS) await lab.tests.define(admin, test);
  const access = (viewer: Viewer | undefined) => new PatientAccess(viewer, careTeam.source);
  const clinician = testClinician;
  /** A known patient with a doctor and a nurse on the care team, as this context's consumers would record them. */
  async function patientWithCareTeam(options: { active?: boolean } = {}) {
    return {
      ...(await knownPatientWithCareTeam(db.prisma, access, options)),
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
