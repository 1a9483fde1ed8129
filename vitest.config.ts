import type { Reporter, TestModule } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** Ends the run with the plain "N passed, N failed, N skipped" line that CI reads whatever the test runner. */
const summaryLine: Reporter = {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules)
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed' || state === 'failed') counts[state]++;
        else counts.skipped++;
      }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  },
};

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
    // Integration files mostly wait on databases, sockets and child processes: two at a time halve the suite's time on
    // two cores (vitest's default is one fewer than the cores). Each file starts its own platform on ports of its own.
    maxWorkers: 2,
    reporters: ['default', summaryLine],
  },
});
