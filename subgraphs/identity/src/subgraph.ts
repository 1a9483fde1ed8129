/** Assembles the identity subgraph: database, services, events, schema and permissions. */
import { createTokenSigner } from '@caregraph/auth';
import { createContextEvents } from '@caregraph/events';
import { assembleService, loadTypeDefs, openContextDatabase, type SubgraphFactory } from '@caregraph/server';
import type { Context } from './context';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { AccountService } from './services/accounts';
import { SessionService } from './services/sessions';
import { Throttle } from './services/throttle';

export const createIdentityService: SubgraphFactory = async (deps) => {
  const database = await openContextDatabase(deps, 'identity', (options) => new PrismaClient(options));
  const prisma = database.prisma;
  const events = createContextEvents(prisma, deps.bus);
  const throttle = Throttle.create(deps.config);
  const sessions = new SessionService(prisma, createTokenSigner(deps.config.jwt), deps.revocations, deps.config.jwt, throttle);
  const accounts = new AccountService(prisma, sessions, throttle, events.nudge);
  const service = assembleService<Context>({
    definition: {
      name: 'identity',
      typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
      resolvers,
      permissions,
      context: (viewer, request) => ({ viewer, clientAddress: request.clientAddress, accounts, sessions, loaders: createLoaders(prisma) }),
    },
    database,
    events,
    seedDemoData: () => seedDemoData(prisma),
  });
  return { ...service, close: async () => (await service.close(), await throttle.close()) };
};
