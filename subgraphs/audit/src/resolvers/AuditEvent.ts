/** AuditEvent fields: the entry's columns, its sequence as id, and its detail unpacked; `_entities` through the loader. */
import type { AuditEventResolvers } from '../generated/graphql';
import { entitiesOf } from '../services/trail';

export const AuditEvent: AuditEventResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.auditEvent.load(reference.id),
  id: (entry) => String(entry.sequence),
  entities: (entry) => entitiesOf(entry),
  payload: (entry) => (entry.kind === 'DOMAIN_EVENT' ? JSON.stringify((entry.detail as { payload?: unknown }).payload ?? null) : null),
};
