/** Applies a context's committed migrations (Prisma's folder layout and `_prisma_migrations` table) to PGlite or PostgreSQL. */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The little SQL a migrator needs; PGlite and a `pg` client both provide it. */
export interface SqlConnection {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a multi-statement script. */
  exec(sql: string): Promise<unknown>;
}

export type Migration = { name: string; sql: string; checksum: string };

/** Prisma's own lock id, so our migrator and `prisma migrate deploy` never run at once. */
const ADVISORY_LOCK_ID = 72707369;

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** The migrations in a folder, oldest first. */
export function readMigrations(migrationsDir: string): Migration[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

async function appliedMigrations(db: SqlConnection) {
  const { rows } = await db.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Map(rows.map((row) => [row.migration_name, row.checksum]));
}

/** Names of committed migrations the database has not applied; throws if an applied one was edited since. */
export async function pendingMigrations(db: SqlConnection, migrationsDir: string): Promise<Migration[]> {
  const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  const applied = rows[0]?.present ? await appliedMigrations(db) : new Map<string, string>();
  const migrations = readMigrations(migrationsDir);
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum && checksum !== migration.checksum)
      throw new Error(`Migration ${migration.name} was changed after it was applied: add a new migration instead of editing it.`);
  }
  return migrations.filter((migration) => !applied.has(migration.name));
}

/** Applies every pending migration, each in its own transaction; returns the names applied. */
export async function applyMigrations(db: SqlConnection, migrationsDir: string): Promise<string[]> {
  await db.query(`SELECT pg_advisory_lock(${ADVISORY_LOCK_ID})`);
  try {
    await db.exec(MIGRATIONS_TABLE);
    const pending = await pendingMigrations(db, migrationsDir);
    for (const migration of pending) {
      const id = randomUUID();
      await db.exec('BEGIN');
      try {
        await db.exec(migration.sql);
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
          [id, migration.checksum, migration.name],
        );
        await db.exec('COMMIT');
      } catch (error) {
        await db.exec('ROLLBACK');
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return pending.map((migration) => migration.name);
  } finally {
    await db.query(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_ID})`);
  }
}
