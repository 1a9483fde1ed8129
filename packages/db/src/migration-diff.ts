/**
 * Computes the SQL of the next migration offline: Prisma's Wasm schema engine diffs the committed migrations
 * (replayed on a throw-away in-memory PGlite shadow database) against the schema. Prisma's CLI would need a
 * schema-engine binary that cannot be downloaded here (shared STACK.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineModule from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { readMigrations } from './migrations';

type WasmExports = { __wbindgen_start(): void };
/** The one WebAssembly call made here (Node 20's types do not declare the global). */
const { WebAssembly } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }> };
};
let loaded: Promise<typeof engineModule> | undefined;

/** The package imports its .wasm as an ES module (a bundler feature), so Node instantiates it by hand. */
function loadEngine() {
  loaded ??= (async () => {
    const wasmUrl = new URL('./schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmUrl), {
      './schema_engine_bg.js': engineModule,
    });
    (engineModule as unknown as { __wbg_set_wasm(exports: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as unknown as WasmExports).__wbindgen_start();
    return engineModule;
  })();
  return loaded;
}

/** SQL taking a database from the state of `migrationsDir` to the schema at `schemaPath`; blank when nothing changed. */
export async function diffMigrations({ schemaPath, migrationsDir }: { schemaPath: string; migrationsDir: string }): Promise<string> {
  const { SchemaEngine } = await loadEngine();
  const schema = readFileSync(schemaPath, 'utf8');
  const migrations = readMigrations(migrationsDir);
  const lockfilePath = join(migrationsDir, 'migration_lock.toml');
  const pglite = await PGlite.create();
  try {
    const engine = await SchemaEngine.new(
      { datamodels: [[schemaPath, schema]] },
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite)),
    );
    const { stdout } = await engine.diff({
      from:
        migrations.length === 0
          ? { tag: 'empty' }
          : {
              tag: 'migrations',
              baseDir: migrationsDir,
              lockfile: { path: 'migration_lock.toml', content: existsSync(lockfilePath) ? readFileSync(lockfilePath, 'utf8') : null },
              shadowDbInitScript: '',
              migrationDirectories: migrations.map((m) => ({
                path: m.name,
                migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
              })),
            },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    engine.free();
    return stripNoOps(stdout ?? '');
  } finally {
    await pglite.close();
  }
}

/** The engine always emits `CREATE SCHEMA IF NOT EXISTS "public"` and an "empty migration" comment; neither is a change. */
function stripNoOps(sql: string): string {
  const cleaned = sql
    .replace(/-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n*/g, '')
    .replace(/-- This is an empty migration\.\n*/g, '');
  return cleaned.trim() === '' ? '' : `${cleaned.trim()}\n`;
}
