import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Apollo loads graphql's CommonJS build; Vite would give our code the ESM one, and graphql refuses to mix realms.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.data/**'],
    // Integration tests start real servers and databases (PGlite takes ~2 s to open).
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
