/** Prisma CLI configuration for the audit context: its schema, its migrations, and DATABASE_URL_AUDIT (docs/operations.md). */
import { defineConfig } from 'prisma/config';
import { prismaDatasourceUrl } from '@caregraph/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  // Unset in embedded mode: `validate` and `generate` need no database; `migrate status`, `studio` … need PostgreSQL.
  datasource: { url: prismaDatasourceUrl('audit') },
});
