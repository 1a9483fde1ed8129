/** Offline migration diffing against the real Wasm schema engine and PGlite, on the committed identity context. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryPGlite } from './embedded';
import { diffMigrations } from './migration-diff';
import { applyMigrations, readMigrations } from './migrations';

const IDENTITY_DIR = fileURLToPath(new URL('../../../prisma/identity', import.meta.url));
const identitySchema = join(IDENTITY_DIR, 'schema.prisma');
const identityMigrations = join(IDENTITY_DIR, 'migrations');
// The Wasm engine and each PGlite take seconds to start.
const SLOW = 60_000;

const temp = mkdtempSync(join(tmpdir(), 'caregraph-migration-diff-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('diffMigrations', () => {
  it('finds nothing to do when the committed migrations match the schema', async () => {
    expect(await diffMigrations({ schemaPath: identitySchema, migrationsDir: identityMigrations })).toBe('');
  }, SLOW);

  it('gives only the new model on top of the committed migrations, as SQL that applies after them', async () => {
    const dir = join(temp, 'added-model');
    const schemaPath = join(dir, 'schema.prisma');
    const migrationsDir = join(dir, 'migrations');
    cpSync(identityMigrations, migrationsDir, { recursive: true });
    writeFileSync(schemaPath, `${readFileSync(identitySchema, 'utf8')}\nmodel Badge {\n  id    String @id @db.Uuid\n  label String\n\n  @@map("badges")\n}\n`);

    const sql = await diffMigrations({ schemaPath, migrationsDir });
    expect(sql).toContain('CREATE TABLE "badges"');
    expect(sql).not.toContain('CREATE TABLE "users"');

    mkdirSync(join(migrationsDir, '99990101000000_badges'));
    writeFileSync(join(migrationsDir, '99990101000000_badges', 'migration.sql'), sql);
    const pglite = await createMemoryPGlite();
    try {
      expect(await applyMigrations(pglite, migrationsDir)).toEqual(readMigrations(migrationsDir).map((m) => m.name));
      const { rows } = await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM badges');
      expect(rows[0]?.n).toBe(0);
    } finally {
      await pglite.close();
    }
  }, SLOW);

  it('fails with the database error when a committed migration does not apply', async () => {
    const migrationsDir = join(temp, 'broken', 'migrations');
    mkdirSync(join(migrationsDir, '20200101000000_init'), { recursive: true });
    cpSync(join(identityMigrations, 'migration_lock.toml'), join(migrationsDir, 'migration_lock.toml'));
    writeFileSync(join(migrationsDir, '20200101000000_init', 'migration.sql'), 'CREATE TABLE "broken" ("id" no_such_type);\n');

    await expect(diffMigrations({ schemaPath: identitySchema, migrationsDir })).rejects.toThrow(
      /20200101000000_init[\s\S]*type "no_such_type" does not exist/,
    );
  }, SLOW);

  it('is backed by a migrator that refuses a database whose applied migration was edited afterwards', async () => {
    const migrationsDir = join(temp, 'edited', 'migrations');
    cpSync(identityMigrations, migrationsDir, { recursive: true });
    const pglite = await createMemoryPGlite();
    try {
      await applyMigrations(pglite, migrationsDir);
      const first = join(migrationsDir, readMigrations(migrationsDir)[0]!.name, 'migration.sql');
      writeFileSync(first, `${readFileSync(first, 'utf8')}\n-- edited\n`);
      await expect(applyMigrations(pglite, migrationsDir)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await pglite.close();
    }
  }, SLOW);
});
