/** The shared assembly of a context's service: its database, its events, and the lifecycle the runtimes drive. */
import type { ContextName } from '@caregraph/config';
import { openDatabase, type Database, type PrismaAdapter } from '@caregraph/db';
import type { ContextEvents } from '@caregraph/events';
import type { AuthContext } from '@caregraph/access';
import type { ServiceDeps, SubgraphService } from './service';
import type { SubgraphDefinition } from './subgraph';

type QueryLog = { emit: 'event'; level: 'query' }[];
type PrismaLike = { $disconnect(): Promise<void>; $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void };

/** Opens the context's database with its generated Prisma client; SQL statements reach `deps.onQuery` when given. */
export function openContextDatabase<Client extends { $disconnect(): Promise<void> }>(
  deps: ServiceDeps,
  context: ContextName,
  createClient: (options: { adapter: PrismaAdapter; log: QueryLog }) => Client,
): Promise<Database<Client>> {
  const { config, migrate, onQuery } = deps;
  return openDatabase({ context, databaseUrl: config.contexts[context].databaseUrl, dataDir: config.dataDir, migrate }, (adapter) => {
    const client = createClient({ adapter, log: onQuery ? [{ emit: 'event', level: 'query' }] : [] });
    if (onQuery) (client as unknown as PrismaLike).$on('query', onQuery);
    return client;
  });
}

export function assembleService<Context extends AuthContext>(parts: {
  definition: SubgraphDefinition<Context>;
  database: Database<{ $disconnect(): Promise<void> }>;
  events: ContextEvents;
  seedDemoData(): Promise<void>;
}): SubgraphService {
  const { definition, database, events } = parts;
  return {
    definition: definition as unknown as SubgraphDefinition,
    prisma: database.prisma,
    seedDemoData: parts.seedDemoData,
    start: () => events.start(),
    // The outbox count doubles as the database check.
    status: () => events.status(),
    async close() {
      await events.stop();
      await database.close();
    },
  };
}
