/** Assembles the patients subgraph: database, services, event consumers, schema and permissions. */
import { PatientAccess } from '@caregraph/access';
import { createContextEvents } from '@caregraph/events';
import { assembleService, loadTypeDefs, openContextDatabase, type SubgraphFactory } from '@caregraph/server';
import { patientConsumers } from './consumers';
import type { Context } from './context';
import { PrismaClient } from './generated/prisma/client';
import { careTeamSource, createLoaders } from './loaders';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { PatientService } from './services/patients';

export const createPatientsService: SubgraphFactory = async (deps) => {
  const database = await openContextDatabase(deps, 'patients', (options) => new PrismaClient(options));
  const prisma = database.prisma;
  const events = createContextEvents(prisma, deps.bus);
  const patients = new PatientService(prisma, events.nudge);
  events.consume(patientConsumers(prisma, patients));
  const careTeam = careTeamSource(prisma);
  return assembleService<Context>({
    definition: {
      name: 'patients',
      typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
      resolvers,
      permissions,
      context: (viewer) => ({ viewer, patientAccess: new PatientAccess(viewer, careTeam), patients, loaders: createLoaders(prisma) }),
    },
    database,
    events,
    seedDemoData: () => seedDemoData(prisma, patients),
  });
};
