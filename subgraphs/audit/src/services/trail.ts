/**
 * The audit trail: appending domain events and PHI reads at the head of the hash chain (one append at a time, so the
 * chain never forks), verifying the whole chain, and reading it — all of it for ADMIN, a patient's own accesses for
 * the patient (the accounting of disclosures).
 */
import { assertRole, assertSignedIn } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { pageQuery, toConnection, type PageArgs } from '@caregraph/db';
import { badUserInput, forbidden } from '@caregraph/errors';
import { isPhiReadEvent, type DomainEvent, type EventOf, type PhiReadReport } from '@caregraph/events';
import { optionalId, requireId } from '@caregraph/validation';
import type { AuditEntry, Prisma, PrismaClient } from '../generated/prisma/client';
import { entryHash, GENESIS_HASH, linkProblem } from './chain';
import { decodeCursor, encodeCursor } from './cursors';

type Tx = Prisma.TransactionClient;
export type NewEntry = Omit<AuditEntry, 'sequence' | 'previousHash' | 'hash' | 'recordedAt' | 'detail'> & { detail: Prisma.InputJsonObject };
/** An entry as appended: every column, its detail as given. */
export type AppendedEntry = NewEntry & Pick<AuditEntry, 'sequence' | 'previousHash' | 'hash' | 'recordedAt'>;
export type AuditEventFilter = PageArgs & { patientId?: string | null; actorId?: string | null; from?: Date | string | null; to?: Date | string | null };
export type ChainReport = { ok: boolean; checked: number; headHash: string | null; firstBrokenSequence: string | null; reason: string | null };

/**
 * Held by the appending transaction until it commits (pg_advisory_xact_lock): the next append reads the head this one
 * wrote. The unique previous_hash and the sequence key make the database refuse a fork even without it.
 */
export const CHAIN_LOCK = 7_104_001;
/** Rows read per round trip while verifying. */
const VERIFY_BATCH = 1_000;

/**
 * All of an append's rows in one statement from one JSON parameter. Prisma's createMany spends about a millisecond of
 * CPU per row building and binding its parameters (docs/performance.md), and the trail appends one row per patient a
 * request read.
 */
const INSERT_ENTRIES = `INSERT INTO audit_entries (sequence, kind, source_id, type, occurred_at, actor_id, actor_role, patient_id, operation, request_id, allowed, detail, previous_hash, hash, recorded_at)
  SELECT sequence, kind::"AuditEntryKind", source_id, type, occurred_at, actor_id, actor_role, patient_id, operation, request_id, allowed, detail, previous_hash, hash, recorded_at
  FROM jsonb_to_recordset($1::jsonb) AS entry(sequence bigint, kind text, source_id uuid, type text, occurred_at timestamptz, actor_id uuid, actor_role text, patient_id uuid, operation text, request_id text, allowed boolean, detail jsonb, previous_hash text, hash text, recorded_at timestamptz)`;
const columnsOf = (row: AppendedEntry) => ({
  sequence: row.sequence.toString(),
  kind: row.kind,
  source_id: row.sourceId,
  type: row.type,
  occurred_at: row.occurredAt.toISOString(),
  actor_id: row.actorId,
  actor_role: row.actorRole,
  patient_id: row.patientId,
  operation: row.operation,
  request_id: row.requestId,
  allowed: row.allowed,
  detail: row.detail,
  previous_hash: row.previousHash,
  hash: row.hash,
  recorded_at: row.recordedAt.toISOString(),
});

export const cursorOf = (entry: Pick<AuditEntry, 'sequence'>) => encodeCursor(entry.sequence);

/** The trail entries an event becomes: one per patient and outcome for a PHI-read report, one for any other event. */
export function entriesFor(event: DomainEvent): NewEntry[] {
  const common = { sourceId: event.id, type: event.type };
  if (isPhiReadEvent(event.type)) {
    const report = event.payload as PhiReadReport;
    return report.reads.map((read) => ({
      ...common,
      kind: 'PHI_READ' as const,
      occurredAt: new Date(report.readAt),
      actorId: report.actorId,
      actorRole: report.actorRole,
      patientId: read.patientId,
      operation: report.operation,
      requestId: report.requestId,
      allowed: read.allowed,
      detail: { entities: read.entities },
    }));
  }
  const patientId = (event.payload as { patientId?: unknown }).patientId;
  return [
    {
      ...common,
      kind: 'DOMAIN_EVENT' as const,
      occurredAt: new Date(event.occurredAt),
      actorId: null,
      actorRole: null,
      patientId: typeof patientId === 'string' ? patientId : null,
      operation: null,
      requestId: null,
      allowed: null,
      detail: { aggregateId: event.aggregateId, payload: event.payload as Prisma.InputJsonObject },
    },
  ];
}

/** The entity types and fields a PHI_READ entry lists (none for a domain event). */
export const entitiesOf = (entry: { detail: unknown }): { type: string; fields: string[] }[] =>
  (entry.detail as { entities?: { type: string; fields: string[] }[] } | null)?.entities ?? [];

export class AuditTrail {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records events in order (the consumer's transaction `tx` also marks them processed, so a redelivery appends nothing). */
  async record(tx: Tx, events: EventOf[]): Promise<AppendedEntry[]> {
    return this.append(tx, events.flatMap(entriesFor));
  }

  /** Appends `entries` at the head of the chain, in order, inside `tx`; the chain lock is held until `tx` commits. */
  async append(tx: Tx, entries: NewEntry[]): Promise<AppendedEntry[]> {
    if (!entries.length) return [];
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', CHAIN_LOCK);
    const head = await tx.auditEntry.findFirst({ orderBy: { sequence: 'desc' }, select: { sequence: true, hash: true } });
    let sequence = head?.sequence ?? 0n;
    let previousHash = head?.hash ?? GENESIS_HASH;
    const recordedAt = this.now();
    const rows = entries.map((entry): AppendedEntry => {
      sequence += 1n;
      const fields = { ...entry, sequence, previousHash, recordedAt };
      previousHash = entryHash(fields);
      return { ...fields, hash: previousHash };
    });
    await tx.$executeRawUnsafe(INSERT_ENTRIES, JSON.stringify(rows.map(columnsOf)));
    return rows;
  }

  /** Recomputes every hash and link from the first entry: the first entry that does not hold, or ok. ADMIN only. */
  async verify(viewer: Viewer | undefined): Promise<ChainReport> {
    assertRole(viewer, 'ADMIN');
    let previous: AuditEntry | null = null;
    let checked = 0;
    for (;;) {
      const batch: AuditEntry[] = await this.prisma.auditEntry.findMany({
        where: previous ? { sequence: { gt: previous.sequence } } : {},
        orderBy: { sequence: 'asc' },
        take: VERIFY_BATCH,
      });
      for (const entry of batch) {
        const problem = linkProblem(entry, previous);
        if (problem) return { ok: false, checked, headHash: null, firstBrokenSequence: String(entry.sequence), reason: problem };
        previous = entry;
        checked++;
      }
      if (batch.length < VERIFY_BATCH) return { ok: true, checked, headHash: previous?.hash ?? null, firstBrokenSequence: null, reason: null };
    }
  }

  /** Entries newest first, filtered by patient, actor and time (`from` inclusive, `to` exclusive). ADMIN only. */
  async list(viewer: Viewer | undefined, filter: AuditEventFilter) {
    assertRole(viewer, 'ADMIN');
    const from = filter.from ? new Date(filter.from) : null;
    const to = filter.to ? new Date(filter.to) : null;
    if (from && to && from >= to) throw badUserInput('`from` must be before `to`.', 'from');
    const patientId = optionalId(filter.patientId, 'patientId');
    const actorId = optionalId(filter.actorId, 'actorId');
    const where: Prisma.AuditEntryWhereInput = {
      ...(patientId ? { patientId } : {}),
      ...(actorId ? { actorId } : {}),
      ...(from || to ? { occurredAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
    };
    return this.page(where, filter);
  }

  /** Who read the patient's health information, newest first: the patient themself and ADMIN. */
  async accessLog(viewer: Viewer | undefined, patientIdInput: string, args: PageArgs) {
    assertSignedIn(viewer);
    const patientId = requireId(patientIdInput, 'patientId');
    if (viewer.role !== 'ADMIN' && viewer.patientId !== patientId) throw forbidden('Only the patient and ADMIN may see who read this record.');
    return this.page({ kind: 'PHI_READ', patientId }, args);
  }

  /** One entry by its sequence, for `_entities` (the AuditEvent type's rule decides who sees it). */
  byIds(ids: readonly string[]) {
    const sequences = ids.filter((id) => /^\d{1,19}$/.test(id)).map(BigInt);
    return this.prisma.auditEntry.findMany({ where: { sequence: { in: sequences } } });
  }

  private async page(where: Prisma.AuditEntryWhereInput, args: PageArgs) {
    const { first, take } = pageQuery({ first: args.first });
    const before = args.after ? decodeCursor(args.after) : null;
    const rows = await this.prisma.auditEntry.findMany({ where: { ...where, ...(before !== null ? { sequence: { lt: before } } : {}) }, orderBy: { sequence: 'desc' }, take });
    return toConnection(rows, first, () => this.prisma.auditEntry.count({ where }), cursorOf);
  }
}
