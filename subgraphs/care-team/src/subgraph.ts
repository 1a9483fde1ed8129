/** The care-team subgraph: practitioners, organizations and care-team assignments, the source of every context's access projection. */
import { knownPatientsProjection, PatientAccess } from '@caregraph/access';
import { defineSubgraph } from '@caregraph/server';
import { consumers } from './consumers';
import { PrismaClient } from './generated/prisma/client';
import { careTeamSource, createLoaders } from './loaders';
import { permissions } from './permissions';
import type { RequestContext } from './request-context';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { CareTeamService } from './services/care-team';

export const subgraph = defineSubgraph({
  name: 'care-team',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ name, prisma, events }) => {
    const knownPatients = knownPatientsProjection(prisma, name);
    const careTeam = new CareTeamService(prisma, events, knownPatients);
    const source = careTeamSource(prisma);
    return {
      resolvers,
      permissions,
      consumers: consumers(knownPatients),
      requestContext: (viewer): RequestContext => ({ viewer, patientAccess: new PatientAccess(viewer, source), careTeam, loaders: createLoaders(prisma) }),
      seedDemoData: () => seedDemoData(careTeam, knownPatients),
    };
  },
});
