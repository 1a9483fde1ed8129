/** One database per bounded context: PostgreSQL when a URL is configured, else a schema of the embedded PGlite; same migrations. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { acquireCluster, directConnection, embeddedSchemaOf, EmbeddedSchemaAdapter } from './embedded';
import { applyMigrations, pendingMigrations, type SqlConnection } from './migrations';
import { createStatementNamer } from './statement-names';

export * from './embedded';
export * from './probe';
export * from './migrations';
export * from './pagination';
export * from './constraint-errors';
export * from './versions';

/** The repository's `prisma/` folder: one schema and migrations folder per context. */
export const PRISMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../prisma');
export const migrationsDirOf = (context: string) => join(PRISMA_DIR, context, 'migrations');

export type PrismaAdapter = PrismaPg | PrismaPGlite;
export type QueryEvent = { query: string; duration: number };

export type OpenDatabaseOptions = {
  context: string;
  /** PostgreSQL URL; without one the context gets its own schema in the data folder's embedded PGlite. */
  databaseUrl?: string;
  /** Folder holding the embedded PGlite cluster (one schema per context); `:memory:`: a throw-away in-memory instance. */
  dataDir: string;
  /**
   * Apply pending migrations on open. Embedded PGlite always migrates on start; PostgreSQL is migrated by
   * `npm run db:migrate` in production, so there a pending migration stops the service instead.
   */
  migrate?: boolean;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
};

export type Database<Client> = {
  prisma: Client;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
};

type ClientLike = { $disconnect(): Promise<void> };

/** Opens a context's database, brings its schema up to date and returns a Prisma client built by `createClient`. */
export async function openDatabase<Client extends ClientLike>(
  options: OpenDatabaseOptions,
  createClient: (adapter: PrismaAdapter) => Client,
): Promise<Database<Client>> {
  const migrationsDir = migrationsDirOf(options.context);
  if (options.databaseUrl) {
    await withPgConnection(options.databaseUrl, async (connection) => {
      if (options.migrate) return void (await applyMigrations(connection, migrationsDir));
      const pending = await pendingMigrations(connection, migrationsDir);
      if (pending.length > 0)
        throw new Error(`The ${options.context} database has pending migrations (${pending.map((m) => m.name).join(', ')}): run npm run db:migrate`);
    });
    // Prepared statements: PostgreSQL parses and plans each of Prisma's statements once per connection (statement-names.ts).
    const adapter = new PrismaPg({ connectionString: options.databaseUrl, max: options.maxConnections ?? 10 }, { statementNameGenerator: createStatementNamer() });
    const prisma = createClient(adapter);
    return { prisma, kind: 'postgres', close: () => prisma.$disconnect() };
  }

  // Every context of a data folder shares one PGlite instance, each in its own schema and role (docs/embedded-mode.md).
  const cluster = await acquireCluster(options.dataDir);
  const schema = embeddedSchemaOf(options.context);
  try {
    await cluster.ensureSchema(schema);
    await cluster.exclusive(schema, (db) => applyMigrations(directConnection(db), migrationsDir));
  } catch (error) {
    await cluster.release();
    throw error;
  }
  const prisma = createClient(new EmbeddedSchemaAdapter(cluster, schema));
  return {
    prisma,
    kind: 'pglite',
    async close() {
      await prisma.$disconnect();
      await cluster.release();
    },
  };
}

export function pgliteConnection(pglite: PGlite): SqlConnection {
  return {
    query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await pglite.query<Row>(sql, params)).rows }),
    exec: (sql) => pglite.exec(sql),
  };
}

/** Runs `work` on one short-lived PostgreSQL connection. */
export async function withPgConnection<T>(databaseUrl: string, work: (connection: SqlConnection) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work({
      query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as Row[] }),
      exec: (sql) => client.query(sql),
    });
  } finally {
    await client.end();
  }
}
