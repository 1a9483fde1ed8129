/** The names in SUBGRAPHS without importing the subgraphs, so `npm start` can check its ports before the heavy imports. */
import type { ContextName } from '@caregraph/config';

// Kept equal to SUBGRAPHS by packages/platform/test/preflight.int.test.ts.
export const SUBGRAPH_NAMES: readonly ContextName[] = ['identity', 'patients', 'care-team', 'scheduling', 'ehr', 'pharmacy', 'lab', 'billing', 'notifications', 'audit'];
