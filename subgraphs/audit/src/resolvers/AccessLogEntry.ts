/** AccessLogEntry fields: a PHI_READ entry as the patient sees it. */
import type { AccessLogEntryResolvers } from '../generated/graphql';
import { entitiesOf } from '../services/trail';

export const AccessLogEntry: AccessLogEntryResolvers = {
  at: (entry) => entry.occurredAt,
  context: (entry) => entry.type.split('.')[0]!,
  allowed: (entry) => entry.allowed === true,
  entities: (entry) => entitiesOf(entry),
};
