/**
 * `@apollo/gateway` shapes every answer by calling `@apollo/federation-internals` through the getters that
 * TypeScript's CommonJS output puts on each name a package index re-exports (`(0, federation_internals_1.assert)(…)`,
 * once per value shaped): 5.4 % of the gateway's busy time under W1 (docs/performance.md). Imported before
 * `@apollo/gateway` loads, this hands it (and the query planner) the same exports as plain values. The package
 * assigns its exports once, while it loads, so the copy never goes stale; `federation-exports.test.ts` checks that.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fromGateway = createRequire(require.resolve('@apollo/gateway'));
const internals = fromGateway.resolve('@apollo/federation-internals');

// Once per process: in tests, modules are evaluated again for every file while Node's CommonJS cache stays.
const live = fromGateway(internals) as Record<string, unknown>;
if (!Object.isFrozen(live)) {
  // Spreading reads each getter once; `__esModule` is not enumerable, so it is set again.
  const plain = Object.freeze({ ...live, __esModule: true });
  require.cache[internals]!.exports = plain;
}
