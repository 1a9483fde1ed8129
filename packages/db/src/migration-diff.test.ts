import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { PRISMA_DIR, applyMigrations, migrationsDirOf, pgliteConnection, readMigrations } from './index';
import { diffMigrations } from './migration-diff';

const temp = mkdtempSync(join(tmpdir(), 'caregraph-migrations-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('offline migrations', () => {
  it('finds nothing to do when the committed migrations match the schema', async () => {
    const sql = await diffMigrations({ schemaPath: join(PRISMA_DIR, 'identity', 'schema.prisma'), migrationsDir: migrationsDirOf('identity') });
    expect(sql).toBe('');
  }, 60_000);

  it('writes the SQL for a schema change on top of the committed migrations, and that SQL applies', async () => {
    const schemaPath = join(temp, 'schema.prisma');
    const migrationsDir = join(temp, 'migrations');
    cpSync(migrationsDirOf('identity'), migrationsDir, { recursive: true });
    const schema = readFileSync(join(PRISMA_DIR, 'identity', 'schema.prisma'), 'utf8').replace(/generator client \{[^}]*\}/, '');
    writeFileSync(schemaPath, `${schema}\nmodel Badge {\n  id    String @id @db.Uuid\n  label String\n\n  @@map("badges")\n}\n`);
    const sql = await diffMigrations({ schemaPath, migrationsDir });
    expect(sql).toContain('CREATE TABLE "badges"');
    expect(sql).not.toContain('CREATE TABLE "users"');

    writeFileSync(join(migrationsDir, '99990101000000_badges.sql'), ''); // stray files are ignored
    cpSync(join(migrationsDir, readMigrations(migrationsDir)[0]!.name), join(migrationsDir, '99990101000000_badges'), { recursive: true });
    writeFileSync(join(migrationsDir, '99990101000000_badges', 'migration.sql'), sql);
    const pglite = await PGlite.create();
    try {
      const applied = await applyMigrations(pgliteConnection(pglite), migrationsDir);
      expect(applied).toEqual([readMigrations(migrationsDir)[0]!.name, '99990101000000_badges']);
      expect(await applyMigrations(pgliteConnection(pglite), migrationsDir)).toEqual([]);
      const { rows } = await pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM badges`);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await pglite.close();
    }
  }, 60_000);

  it('refuses a database whose applied migration was edited afterwards', async () => {
    const migrationsDir = join(temp, 'edited');
    cpSync(migrationsDirOf('identity'), migrationsDir, { recursive: true });
    const pglite = await PGlite.create();
    try {
      await applyMigrations(pgliteConnection(pglite), migrationsDir);
      const first = join(migrationsDir, readMigrations(migrationsDir)[0]!.name, 'migration.sql');
      writeFileSync(first, `${readFileSync(first, 'utf8')}\n-- edited\n`);
      await expect(applyMigrations(pgliteConnection(pglite), migrationsDir)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await pglite.close();
    }
  }, 60_000);
});
