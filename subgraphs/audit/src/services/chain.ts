/**
 * The hash chain of the audit trail: an entry's hash is sha256 over the canonical JSON (RFC 8785) of all its recorded
 * columns, the previous entry's hash among them, so changing, inserting or removing any entry breaks every link after it.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The `previousHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything an entry records, as the hash covers it (the hash itself aside). */
export type ChainedFields = {
  sequence: bigint;
  kind: string;
  sourceId: string;
  type: string;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  patientId: string | null;
  operation: string | null;
  requestId: string | null;
  allowed: boolean | null;
  detail: unknown;
  previousHash: string;
  recordedAt: Date;
};

/** The entry's canonical serialisation: one string for one content, whatever the key order of `detail` or the driver. */
export function canonicalForm(entry: ChainedFields): string {
  // Field by field, so a row with more properties (its own hash, say) serialises the same.
  const form = canonicalize({
    sequence: entry.sequence.toString(),
    kind: entry.kind,
    sourceId: entry.sourceId,
    type: entry.type,
    occurredAt: entry.occurredAt.toISOString(),
    actorId: entry.actorId,
    actorRole: entry.actorRole,
    patientId: entry.patientId,
    operation: entry.operation,
    requestId: entry.requestId,
    allowed: entry.allowed,
    detail: entry.detail,
    previousHash: entry.previousHash,
    recordedAt: entry.recordedAt.toISOString(),
  } satisfies Record<keyof ChainedFields, unknown>);
  if (form === undefined) throw new Error('An audit entry must serialise to JSON.');
  return form;
}

export const entryHash = (entry: ChainedFields): string => createHash('sha256').update(canonicalForm(entry)).digest('hex');

/** Why an entry does not continue the chain after `previous` (null: it does). */
export function linkProblem(entry: ChainedFields & { hash: string }, previous: { sequence: bigint; hash: string } | null): string | null {
  const expectedSequence = (previous?.sequence ?? 0n) + 1n;
  if (entry.sequence !== expectedSequence) return `entry ${expectedSequence} is missing (the next is ${entry.sequence})`;
  if (entry.previousHash !== (previous?.hash ?? GENESIS_HASH)) return `entry ${entry.sequence} does not carry the hash of entry ${previous?.sequence ?? 'genesis'}`;
  if (entryHash(entry) !== entry.hash) return `entry ${entry.sequence} was changed after it was recorded (its hash no longer matches its content)`;
  return null;
}
