/** Shared set-up of the pharmacy service tests (src/services/*.test.ts): the context's real database, its services, and care teams as its projection records them. */
import { randomUUID } from 'node:crypto';
import { careTeamProjection, knownPatientsProjection, PatientAccess } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { knownPatientWithCareTeam, openServiceTestDatabase, testClinician, testViewer } from '@caregraph/testkit';
import { PrismaClient } from '../src/generated/prisma/client';
import { createServices } from '../src/services';

export async function openPharmacyTestDatabase() {
  const db = await openServiceTestDatabase('pharmacy', (options) => new PrismaClient(options));
  const careTeam = careTeamProjection(db.prisma, 'pharmacy');
  const pharmacy = createServices(db.prisma, db.events, knownPatientsProjection(db.prisma, 'pharmacy'));
  const access = (viewer: Viewer | undefined) => new PatientAccess(viewer, careTeam.source);
  const pharmacist = access(testViewer('PHARMACIST', { practitionerId: randomUUID() }));

  /** A known patient with a doctor and a nurse on the care team, as this context's consumers would record them. */
  async function patientWithCareTeam() {
    return {
      ...(await knownPatientWithCareTeam(db.prisma, access)),
      /** A doctor and nurse of other patients, another patient, an administrator: none may prescribe for or read this patient. */
      outsiders: [access(testClinician('DOCTOR')), access(testClinician('NURSE')), access(testViewer('PATIENT', { patientId: randomUUID() })), access(testViewer('ADMIN'))],
    };
  }

  /** A catalogue item with `stock` units on hand. */
  async function medication(options: { stock?: number; reorderLevel?: number; ingredients?: string[]; name?: string } = {}) {
    const code = String(100000 + Math.floor(Math.random() * 900000000));
    const created = await pharmacy.medications.create(pharmacist.viewer, {
      code,
      name: options.name ?? `Testamine ${code}`,
      form: 'TABLET',
      strength: '10 mg',
      ingredients: options.ingredients ?? ['testamine'],
      reorderLevel: options.reorderLevel ?? 0,
    });
    return options.stock ? pharmacy.medications.restock(pharmacist.viewer, created.id, options.stock) : created;
  }

  return { db, pharmacy, access, pharmacist, patientWithCareTeam, medication };
}

/** The error code a call ends with, or 'ok'. */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
