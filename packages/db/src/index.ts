/** One database per bounded context: embedded PGlite by default, PostgreSQL when a URL is configured; same schema and migrations. */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations, pendingMigrations, type SqlConnection } from './migrations';

export * from './migrations';
export * from './pagination';
export * from './constraint-errors';

/** The repository's `prisma/` folder: one schema and migrations folder per context. */
export const PRISMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../prisma');
export const migrationsDirOf = (context: string) => join(PRISMA_DIR, context, 'migrations');

export type PrismaAdapter = PrismaPg | PrismaPGlite;
export type QueryEvent = { query: string; duration: number };

export type OpenDatabaseOptions = {
  context: string;
  /** PostgreSQL URL; without one the context gets its own PGlite database. */
  databaseUrl?: string;
  /** Folder holding the PGlite databases (one subfolder per context); `:memory:` keeps them in memory. */
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
    const prisma = createClient(new PrismaPg({ connectionString: options.databaseUrl, max: options.maxConnections ?? 10 }));
    return { prisma, kind: 'postgres', close: () => prisma.$disconnect() };
  }

  const memory = options.dataDir === ':memory:';
  const path = memory ? undefined : join(options.dataDir, options.context);
  if (path) mkdirSync(path, { recursive: true });
  // btree_gist backs scheduling's no-double-booking exclusion constraint; PGlite loads an extension only if given.
  const pglite = await PGlite.create({ ...(path ? { dataDir: path } : {}), extensions: { btree_gist } });
  await applyMigrations(pgliteConnection(pglite), migrationsDir);
  const prisma = createClient(new PrismaPGlite(pglite));
  return {
    prisma,
    kind: 'pglite',
    async close() {
      await prisma.$disconnect();
      await pglite.close();
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

/** True for a unique-constraint violation (Prisma P2002), e.g. two requests racing to take the same email. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'P2002';
