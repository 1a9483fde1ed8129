/** The patients subgraph: patient demographics, contacts and registration, with access decided from its care-team projection. */
import { careTeamProjection, PatientAccess, patientRelationsProjection } from '@caregraph/access';
import { defineSubgraph } from '@caregraph/server';
import { consumers } from './consumers';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import type { RequestContext } from './request-context';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { DEMO_SEEDER } from '@caregraph/demo';
import { PatientService } from './services/patients';

export const subgraph = defineSubgraph({
  name: 'patients',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ name, prisma, events }) => {
    const patients = new PatientService(prisma, events);
    const careTeam = careTeamProjection(prisma, name);
    const relations = patientRelationsProjection(prisma, name);
    const access = { ...careTeam.source, ...relations.source };
    return {
      resolvers,
      permissions,
      // A refused `patient(id)` never reaches the Patient type: the root lookup reports it.
      phi: { Patient: (patient: { id: string }) => patient.id, 'Query.patient': (_root: unknown, args: { id: string }) => args.id },
      consumers: [...consumers(patients), careTeam.consumer, relations.consumer],
      requestContext: (viewer): RequestContext => ({ viewer, patientAccess: new PatientAccess(viewer, access), patients, loaders: createLoaders(prisma) }),
      seedDemoData: () => seedDemoData(patients, new PatientAccess(DEMO_SEEDER, access)),
    };
  },
});
