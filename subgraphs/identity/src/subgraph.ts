/** Assembles the identity subgraph: database, services, schema and permissions. */
import { createTokenSigner } from '@caregraph/auth';
import { openDatabase } from '@caregraph/db';
import { loadTypeDefs, type SubgraphDefinition, type SubgraphFactory } from '@caregraph/server';
import type { Context } from './context';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { AccountService } from './services/accounts';
import { SessionService } from './services/sessions';

export const createIdentityService: SubgraphFactory = async ({ config, revocations, migrate, onQuery }) => {
  const database = await openDatabase(
    { context: 'identity', databaseUrl: config.contexts.identity.databaseUrl, dataDir: config.dataDir, migrate },
    (adapter) => {
      const client = new PrismaClient({ adapter, log: onQuery ? [{ emit: 'event', level: 'query' }] : [] });
      if (onQuery) client.$on('query' as never, onQuery as never);
      return client;
    },
  );
  const prisma = database.prisma;
  const sessions = new SessionService(prisma, createTokenSigner(config.jwt), revocations, config.jwt);
  const accounts = new AccountService(prisma, sessions);
  const definition: SubgraphDefinition<Context> = {
    name: 'identity',
    typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
    resolvers,
    permissions,
    context: (viewer) => ({ viewer, accounts, sessions, loaders: createLoaders(prisma) }),
  };
  return {
    definition: definition as SubgraphDefinition,
    prisma,
    seedDemoData: () => seedDemoData(prisma),
    close: () => database.close(),
  };
};
