/** Shared set-up of the ehr service tests (src/services/*.test.ts): the context's real database, its services, and care teams as its projection records them. */
import { knownPatientsProjection, PatientAccess, careTeamProjection } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { knownPatientWithCareTeam, openServiceTestDatabase, testClinician, testViewer } from '@caregraph/testkit';
import { PrismaClient } from '../src/generated/prisma/client';
import { createServices } from '../src/services';

export async function openEhrTestDatabase() {
  const db = await openServiceTestDatabase('ehr', (options) => new PrismaClient(options));
  const careTeam = careTeamProjection(db.prisma, 'ehr');
  const ehr = createServices(db.prisma, db.events, knownPatientsProjection(db.prisma, 'ehr'));
  const access = (viewer: Viewer | undefined) => new PatientAccess(viewer, careTeam.source);
  /** A known patient with a doctor and a nurse on the care team, as this context's consumers would record them. */
  async function patientWithCareTeam() {
    return {
      ...(await knownPatientWithCareTeam(db.prisma, access)),
      /** A doctor on another patient's care team only, an administrator and a billing clerk: none may read this record. */
      outsiders: [access(testClinician('DOCTOR')), access(testClinician('NURSE')), access(testViewer('ADMIN')), access(testViewer('BILLING_CLERK'))],
    };
  }
  return { db, ehr, access, patientWithCareTeam };
}

/** The error code a call ends with, or 'ok'. */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
