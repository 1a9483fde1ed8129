/** The lab subgraph: the test catalogue, orders and versioned results, with access decided from its own care-team projection. */
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

/** Orders and results are PHI, and so is the patient's list of orders (docs/audit.md). */
const ofPatient = (record: { patientId: string }) => record.patientId;
const phi = { Patient: (patient: { id: string }) => patient.id, LabOrder: ofPatient, LabResult: ofPatient };

export const subgraph = defineSubgraph({
  name: 'lab',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ name, prisma, events }) => {
    const careTeam = careTeamProjection(prisma, name);
    const knownPatients = knownPatientsProjection(prisma, name);
    const lab = createServices(prisma, events, knownPatients);
    return {
      resolvers,
      permissions,
      phi,
      consumers: consumers(careTeam, knownPatients),
      requestContext: (viewer): RequestContext => ({ viewer, patientAccess: new PatientAccess(viewer, careTeam.source), lab, loaders: createLoaders(prisma, lab.orders) }),
      seedDemoData: () => seedDemoData(prisma, lab, careTeam.source, knownPatients),
    };
  },
});
