/** `npm run db:migrate`: applies committed migrations to every context that has DATABASE_URL_<CONTEXT> set (the deploy step). */
import { existsSync } from 'node:fs';
import { CONTEXT_NAMES, envSuffix, loadConfig } from '@caregraph/config';
import { applyMigrations, migrationsDirOf, withPgConnection } from '../index';

const config = loadConfig();
const targets = CONTEXT_NAMES.filter((name) => existsSync(migrationsDirOf(name)));
let migrated = 0;
for (const name of targets) {
  const url = config.contexts[name].databaseUrl;
  if (!url) {
    console.log(`${name}: DATABASE_URL_${envSuffix(name)} not set, skipped (embedded PGlite migrates itself on start)`);
    continue;
  }
  const applied = await withPgConnection(url, (connection) => applyMigrations(connection, migrationsDirOf(name)));
  console.log(`${name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  migrated++;
}
if (migrated === 0) console.log('No PostgreSQL database configured: nothing to migrate.');
