// `npm install` step: makes the embedded PGlite template cluster once, so the first `npm start` runs no initdb (docs/embedded-mode.md).
// Skipped in production installs (they use PostgreSQL); a failure only warns: `npm start` would make the template itself.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.NODE_ENV !== 'production') {
  try {
    execFileSync(process.execPath, ['--import', 'tsx', '-e', "await (await import('@caregraph/db/embedded')).ensureTemplate()"], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    console.log('embedded: PGlite template cluster ready');
  } catch (error) {
    console.warn(`embedded: PGlite template not made (${error.message}); the first npm start will make it`);
  }
}
