// Generates every Prisma client (prisma/<context>/schema.prisma) and the GraphQL resolver types (codegen.ts).
// Prisma's CLI would download a schema-engine binary that cannot be fetched here; `generate` never uses it,
// so it is pointed at an existing file for this step only (docs/operations.md, "Prisma CLI").
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };

for (const context of readdirSync(join(root, 'prisma'))) {
  const schema = join(root, 'prisma', context, 'schema.prisma');
  if (!existsSync(schema)) continue;
  // Through the context's prisma.config.ts, as a developer's own `prisma` commands go, so a broken one shows at install.
  const config = join(root, 'prisma', context, 'prisma.config.ts');
  const target = existsSync(config) ? ['--config', config] : ['--schema', schema];
  try {
    execFileSync(bin('prisma'), ['generate', ...target], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    // Prisma's notes ("Loaded Prisma config from …") are noise on every install; its errors are not.
    process.stderr.write(error.stderr ?? String(error));
    process.exit(1);
  }
  console.log(`generate: prisma client for ${context}`);
}
if (existsSync(join(root, 'codegen.ts'))) {
  execFileSync(bin('graphql-codegen'), ['--config', 'codegen.ts', '--silent'], { cwd: root, env, stdio: 'inherit' });
  console.log('generate: resolver types (codegen.ts)');
}
