/** Embedded mode: ONE PGlite instance per data folder, one PostgreSQL schema (and role) per context (docs/embedded-mode.md). */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SqlConnection } from './migrations';

/** `care-team` → `care_team`: the context's schema (and, prefixed `cg_`, its role) inside the shared instance. */
export const embeddedSchemaOf = (context: string) => context.replace(/-/g, '_');

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PGLITE_VERSION: string = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
/** A freshly initialised, empty cluster, made once per machine and PGlite version: copying it skips initdb (~3 s, ~300 MB). */
export const TEMPLATE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'caregraph', `pglite-${PGLITE_VERSION}-template`);

/** The shared instance of one data folder; every context's statement runs through `exclusive`. */
export type EmbeddedCluster = {
  /** Runs `work` alone on the single connection, with the role and search_path of `schema` in force (superuser: `null`). */
  exclusive<T>(schema: string | null, work: (db: PGlite) => Promise<T>): Promise<T>;
  /** Creates the context's schema and role if missing (idempotent). */
  ensureSchema(schema: string): Promise<void>;
  release(): Promise<void>;
};

type Entry = { cluster: Promise<EmbeddedCluster>; users: number; closing?: Promise<void> };
const clusters = new Map<string, Entry>();
const closingByKey = new Map<string, Promise<void>>();

let memoryInstances = 0;

/**
 * The cluster of `dataDir`, opened on first use and closed when its last context releases it; `<dataDir>/pglite/` holds
 * its one PostgreSQL data directory. `:memory:` is a fresh throw-away instance on every call (service tests).
 */
export async function acquireCluster(dataDir: string): Promise<EmbeddedCluster> {
  const key = dataDir === ':memory:' ? `:memory:${++memoryInstances}` : resolve(dataDir);
  await closingByKey.get(key);
  let entry = clusters.get(key);
  if (!entry) {
    entry = { cluster: openCluster(key), users: 0 };
    clusters.set(key, entry);
    entry.cluster.catch(() => clusters.delete(key));
  }
  entry.users++;
  return entry.cluster;

  async function openCluster(path: string): Promise<EmbeddedCluster> {
    const pglite = await PGlite.create(path.startsWith(':memory:') ? {} : { dataDir: await prepareDataDir(join(path, 'pglite')) });
    let current: string | null = null;
    let queue: Promise<unknown> = Promise.resolve();
    const known = new Set<string>();
    const cluster: EmbeddedCluster = {
      exclusive<T>(schema: string | null, work: (db: PGlite) => Promise<T>) {
        const run = async () => {
          if (current !== schema) {
            // Session settings outside any transaction, so a rolled-back transaction cannot undo them.
            await pglite.exec(schema === null ? 'RESET ROLE; RESET search_path' : `RESET ROLE; SET search_path TO "${schema}"; SET ROLE "cg_${schema}"`);
            current = schema;
          }
          return work(pglite);
        };
        const result = queue.then(run, run);
        queue = result.catch(() => undefined);
        return result;
      },
      async ensureSchema(schema) {
        if (known.has(schema)) return;
        await cluster.exclusive(null, async (db) => {
          await db.exec(`DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cg_${schema}') THEN CREATE ROLE "cg_${schema}" NOLOGIN; END IF;
            END $$;
            CREATE SCHEMA IF NOT EXISTS "${schema}" AUTHORIZATION "cg_${schema}";
            REVOKE ALL ON SCHEMA public FROM PUBLIC;`);
        });
        known.add(schema);
      },
      async release() {
        const entry = clusters.get(key);
        if (!entry || --entry.users > 0) return;
        clusters.delete(key);
        const closing = queue.then(() => pglite.close());
        closingByKey.set(key, closing);
        await closing.finally(() => closingByKey.delete(key));
      },
    };
    return cluster;
  }
}

/** A connection for the migrator: the whole migration run holds the cluster, so its BEGIN…COMMIT pairs never interleave. */
export const directConnection = (db: PGlite): SqlConnection => ({
  query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await db.query<Row>(sql, params)).rows }),
  exec: (sql) => db.exec(sql),
});

/**
 * Prisma's PGlite adapter bound to one schema: generated SQL is qualified with it (connection info `schemaName`),
 * raw SQL finds the context's tables through search_path, and every statement waits its turn on the one connection.
 */
export class EmbeddedSchemaAdapter extends PrismaPGlite {
  constructor(cluster: EmbeddedCluster, readonly schema: string) {
    const client = {
      query: (sql: string, params?: unknown[], options?: object) => cluster.exclusive(schema, (db) => db.query(sql, params, options)),
      exec: (sql: string, options?: object) => cluster.exclusive(schema, (db) => db.exec(sql, options)),
      transaction: <T>(callback: (tx: Transaction) => Promise<T>) => cluster.exclusive(schema, (db) => db.transaction(callback)),
    };
    super(client as unknown as PGlite);
  }

  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    const info = adapter.getConnectionInfo?.() ?? {};
    adapter.getConnectionInfo = () => ({ ...info, schemaName: this.schema, supportsRelationJoins: true });
    return adapter;
  }
}

/** Makes the machine's template cluster unless it exists (also run by `npm install`, so the first start skips initdb too). */
export async function ensureTemplate(): Promise<void> {
  if (!existsSync(join(TEMPLATE_DIR, 'PG_VERSION'))) await createTemplate();
}

/** Gives `path` a PostgreSQL data directory: a copy of the machine's template cluster when it has none yet. */
async function prepareDataDir(path: string): Promise<string> {
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  await ensureTemplate();
  mkdirSync(dirname(path), { recursive: true });
  // Copy beside the target and rename, so an interrupted first start never leaves half a cluster behind.
  const partial = `${path}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(TEMPLATE_DIR, partial, { recursive: true });
  rmSync(path, { recursive: true, force: true });
  renameSync(partial, path);
  return path;
}

/**
 * Runs initdb once, in a worker thread: its WebAssembly memory (~300 MB) goes away with the worker instead of
 * staying in the platform's RSS. Parallel first starts may race; the first rename wins, the others discard theirs.
 */
async function createTemplate(): Promise<void> {
  const partial = `${TEMPLATE_DIR}.partial-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(partial, { recursive: true });
  await new Promise<void>((done, fail) => {
    const worker = new Worker(new URL('./pglite-initdb.worker.mjs', import.meta.url), { workerData: { dataDir: partial } });
    worker.once('error', fail);
    worker.once('exit', (code) => (code === 0 ? done() : fail(new Error(`PGlite initdb worker exited with ${code}`))));
  });
  try {
    renameSync(partial, TEMPLATE_DIR);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another process made it first
  }
}
