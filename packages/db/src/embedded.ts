/** Embedded mode: ONE PGlite instance per data folder, one PostgreSQL schema (and role) per context (docs/embedded-mode.md). */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SqlConnection } from './migrations';

/** `care-team` → `care_team`: the context's schema (and, prefixed `cg_`, its role) inside the shared instance. */
export const embeddedSchemaOf = (context: string) => context.replace(/-/g, '_');

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PGLITE_VERSION: string = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
/** A freshly initialised, empty cluster, made once per machine and PGlite version: copying it skips initdb (~3 s, ~300 MB). */
export const TEMPLATE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'caregraph', `pglite-${PGLITE_VERSION}-template`);
/** The template as a tar image, from which a `:memory:` instance starts without initdb: ~1 s against 3–7 s per test file. */
const MEMORY_IMAGE = `${TEMPLATE_DIR}.tar`;

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
    // btree_gist backs scheduling's no-double-booking exclusion constraint; PGlite loads an extension only if given.
    // Contexts' roles may not create extensions, so the superuser does, once: a migration's CREATE EXTENSION IF NOT
    // EXISTS then finds it there, as on PostgreSQL where the migrating user creates it.
    const pglite = path.startsWith(':memory:')
      ? await createMemoryPGlite()
      : await PGlite.create({ dataDir: await prepareDataDir(join(path, 'pglite')), extensions: { btree_gist } });
    await pglite.exec('CREATE EXTENSION IF NOT EXISTS btree_gist');
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

/** A fresh, empty in-memory PGlite with btree_gist loaded, started from the template's image rather than by initdb. */
export async function createMemoryPGlite(): Promise<PGlite> {
  return PGlite.create({ extensions: { btree_gist }, loadDataDir: await memoryImage() });
}

/** The image of the template, made from a copy of it on first use (parallel first uses race; the last rename wins). */
async function memoryImage(): Promise<Blob> {
  if (!existsSync(MEMORY_IMAGE)) {
    const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    const copy = await prepareDataDir(`${MEMORY_IMAGE}.dir-${unique}`);
    try {
      const pglite = await PGlite.create({ dataDir: copy });
      const image = await pglite.dumpDataDir('none');
      await pglite.close();
      writeFileSync(`${MEMORY_IMAGE}.partial-${unique}`, Buffer.from(await image.arrayBuffer()));
      renameSync(`${MEMORY_IMAGE}.partial-${unique}`, MEMORY_IMAGE);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  return new Blob([readFileSync(MEMORY_IMAGE)]);
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
