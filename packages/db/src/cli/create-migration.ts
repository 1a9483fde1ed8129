/**
 * `npm run db:migration -- <context> <name>`: writes the next migration of a bounded context from its Prisma
 * schema, offline (see migration-diff.ts), into Prisma's folder layout so `prisma migrate deploy` could apply it too.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATION_LOCK, diffMigrations } from '../migration-diff';

/** From the file's own location, so the command works from any working directory. */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const USAGE = 'Usage: npm run db:migration -- <context> <name>   e.g. npm run db:migration -- identity add_user_locale';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const [context, name] = args;
if (!context || !name || args.length > 2) fail('Give exactly a context and a migration name.');
// Checked before touching the file system: the context becomes part of a path.
if (!/^[a-z0-9][a-z0-9-]*$/.test(context)) fail(`"${context}" is not a context name (lower-case letters, digits and -).`);
if (!/^[a-z0-9_]+$/.test(name)) fail(`The migration name "${name}" may contain only a-z, 0-9 and _.`);

const contextDir = join(REPO_ROOT, 'prisma', context);
const schemaPath = join(contextDir, 'schema.prisma');
if (!existsSync(schemaPath)) fail(`There is no context "${context}": ${relative(process.cwd(), schemaPath)} does not exist.`);

const migrationsDir = join(contextDir, 'migrations');
const sql = await diffMigrations({ schemaPath, migrationsDir });
if (!sql) {
  console.log(`No schema changes for ${context}`);
} else {
  // UTC, like Prisma, so folder order is the order migrations were written whatever the author's time zone.
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = join(migrationsDir, `${stamp}_${name}`);
  if (existsSync(folder)) fail(`${relative(process.cwd(), folder)} already exists.`);
  mkdirSync(folder, { recursive: true });
  const lockfile = join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lockfile)) writeFileSync(lockfile, MIGRATION_LOCK);
  const file = join(folder, 'migration.sql');
  writeFileSync(file, sql);
  console.log(relative(process.cwd(), file));
}
