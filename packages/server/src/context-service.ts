/** Opens a context's own database with its generated Prisma client, for `defineSubgraph`. */
import type { ContextName } from '@caregraph/config';
import { openDatabase, type Database, type PrismaAdapter } from '@caregraph/db';
import type { ServiceDeps } from './service';

type QueryLog = { emit: 'event'; level: 'query' }[];
type PrismaLike = { $disconnect(): Promise<void>; $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void };
/** What a context's generated `PrismaClient` constructor is given. */
export type ClientOptions = { adapter: PrismaAdapter; log: QueryLog };

/** Opens the context's database with its generated Prisma client; SQL statements reach `deps.onQuery` when given. */
export function openContextDatabase<Client extends { $disconnect(): Promise<void> }>(
  deps: Pick<ServiceDeps, 'config' | 'migrate' | 'onQuery'>,
  context: ContextName,
  createClient: (options: ClientOptions) => Client,
): Promise<Database<Client>> {
  const { config, migrate, onQuery } = deps;
  return openDatabase({ context, databaseUrl: config.contexts[context].databaseUrl, dataDir: config.dataDir, migrate }, (adapter) => {
    const client = createClient({ adapter, log: onQuery ? [{ emit: 'event', level: 'query' }] : [] });
    if (onQuery) (client as unknown as PrismaLike).$on('query', onQuery);
    return client;
  });
}
