/** The pharmacy subgraph: catalogue and stock, prescriptions and dispenses, with access decided from its own projections. */
import { careTeamProjection, knownPatientsProjection, PatientAccess } from '@caregraph/access';
import { defineSubgraph } from '@caregraph/server';
import { consumers } from './consumers';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import type { RequestContext } from './request-context';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { createServices } from './services';

/** Prescriptions and dispenses are PHI, and so is the patient's list of prescriptions (docs/audit.md). */
const ofPatient = (record: { patientId: string }) => record.patientId;
const phi = { Patient: (patient: { id: string }) => patient.id, Prescription: ofPatient, MedicationDispense: ofPatient };

export const subgraph = defineSubgraph({
  name: 'pharmacy',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ name, prisma, events }) => {
    const careTeam = careTeamProjection(prisma, name);
    const knownPatients = knownPatientsProjection(prisma, name);
    const pharmacy = createServices(prisma, events, knownPatients);
    return {
      resolvers,
      permissions,
      phi,
      consumers: consumers(pharmacy.allergies, careTeam, knownPatients),
      requestContext: (viewer): RequestContext => ({ viewer, patientAccess: new PatientAccess(viewer, careTeam.source), pharmacy, loaders: createLoaders(prisma) }),
      seedDemoData: () => seedDemoData(prisma, pharmacy, careTeam.source, knownPatients),
    };
  },
});
