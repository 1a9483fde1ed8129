/**
 * Version rows, for records that are never edited in place (ehr's clinical record, lab's results): a correction
 * inserts a row superseding the current one, and a unique `supersedes_id` lets only one successor ever exist.
 */
import { randomUUID } from 'node:crypto';
import { conflict } from '@caregraph/errors';
import { requireName } from '@caregraph/validation';
import { isUniqueViolation } from './constraint-errors';

/** What a version row has to be continued. */
export type VersionedRow = { id: string; lineageId: string; version: number };

/** The identity columns of a new record's first version: its own lineage. */
export function firstVersion() {
  const id = randomUUID();
  return { id, lineageId: id, version: 1, supersedesId: null };
}

/** The identity columns of the version that supersedes `current`, with the reason it was written. */
export const nextVersion = (current: VersionedRow, reason: string) => ({
  id: randomUUID(),
  lineageId: current.lineageId,
  version: current.version + 1,
  supersedesId: current.id,
  changeReason: requireName(reason, 'reason', 500),
});

/** Writes a new version; a concurrent correction that superseded the same version first makes this one CONFLICT. */
export async function supersede<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Someone corrected this ${what} at the same moment: reload it and correct the current version.`);
    throw error;
  }
}
