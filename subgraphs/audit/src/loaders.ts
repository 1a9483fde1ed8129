/** Per-request DataLoaders of the audit context: `_entities` resolves many entries in one query. */
import { byIdLoader } from '@caregraph/server';
import type { AuditTrail } from './services/trail';

export const createLoaders = (trail: AuditTrail) => ({
  auditEvent: byIdLoader(async (ids) => (await trail.byIds(ids)).map((entry) => ({ ...entry, id: String(entry.sequence) }))),
});
export type Loaders = ReturnType<typeof createLoaders>;
