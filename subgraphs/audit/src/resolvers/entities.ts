/** The entity types and fields a PHI_READ entry's detail lists (none for domain events). */
import type { AuditEntry } from '../generated/prisma/client';

export const entitiesOf = (entry: Pick<AuditEntry, 'detail'>): { type: string; fields: string[] }[] =>
  (entry.detail as { entities?: { type: string; fields: string[] }[] } | null)?.entities ?? [];
