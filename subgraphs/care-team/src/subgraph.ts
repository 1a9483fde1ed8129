/** Assembles the care-team subgraph: database, services, event consumers, schema and permissions. */
import { PatientAccess } from '@caregraph/access';
import { createContextEvents } from '@caregraph/events';
import { assembleService, loadTypeDefs, openContextDatabase, type SubgraphFactory } from '@caregraph/server';
import type { Context } from './context';
import { PrismaClient } from './generated/prisma/client';
import { careTeamSource, createLoaders } from './loaders';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { CareTeamService } from './services/care-team';

export const createCareTeamService: SubgraphFactory = async (deps) => {
  const database = await openContextDatabase(deps, 'care-team', (options) => new PrismaClient(options));
  const prisma = database.prisma;
  const events = createContextEvents(prisma, deps.bus);
  const careTeam = new CareTeamService(prisma, events.nudge);
  events.consume([
    {
      group: 'care-team.patients',
      types: ['patients.patient.registered', 'patients.patient.deactivated'],
      handle: (event) => careTeam.applyPatientEvent(event),
    },
  ]);
  const source = careTeamSource(prisma);
  return assembleService<Context>({
    definition: {
      name: 'care-team',
      typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
      resolvers,
      permissions,
      context: (viewer) => ({ viewer, patientAccess: new PatientAccess(viewer, source), careTeam, loaders: createLoaders(prisma) }),
    },
    database,
    events,
    seedDemoData: () => seedDemoData(prisma, careTeam),
  });
};
