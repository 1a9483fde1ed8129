/** AuditTrail against the real database: what each event becomes, one unbroken chain, breaks found where they are, and who may read what. */
import { randomUUID } from 'node:crypto';
import type { DomainEvent, EventOf, PhiReadReport } from '@caregraph/events';
import { openServiceTestDatabase, testViewer } from '@caregraph/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../generated/prisma/client';
import { AuditTrail, entitiesOf } from './trail';

let db: Awaited<ReturnType<typeof openServiceTestDatabase<PrismaClient>>>;
let trail: AuditTrail;
beforeAll(async () => {
  db = await openServiceTestDatabase('audit', (options) => new PrismaClient(options));
  trail = new AuditTrail(db.prisma);
});
afterAll(() => db?.close());

const admin = testViewer('ADMIN');
const codeOf = async (run: Promise<unknown>) => run.then(() => undefined, (error: { extensions?: { code?: string } }) => error.extensions?.code);

const conditionRecorded = (patientId: string): EventOf => ({
  id: randomUUID(),
  type: 'ehr.condition.recorded',
  aggregateId: randomUUID(),
  occurredAt: new Date().toISOString(),
  payload: { conditionId: randomUUID(), patientId, code: 'I10', display: 'Hypertension', clinicalStatus: 'ACTIVE', version: 1, supersedes: null, verificationStatus: 'CONFIRMED', lineageId: randomUUID() },
});
const phiRead = (report: Partial<PhiReadReport> & Pick<PhiReadReport, 'reads'>): EventOf => ({
  id: randomUUID(),
  type: 'ehr.phi.read',
  aggregateId: null,
  occurredAt: new Date().toISOString(),
  payload: { actorId: randomUUID(), actorRole: 'DOCTOR', operation: 'Chart', requestId: randomUUID(), readAt: new Date().toISOString(), ...report },
});
const append = (event: DomainEvent) => db.prisma.$transaction((tx) => trail.record(tx, [event as EventOf]));

describe('recording', () => {
  it('a domain event is one entry about its patient; a PHI report one entry per patient and outcome', async () => {
    const patientId = randomUUID();
    const other = randomUUID();
    const [event] = await append(conditionRecorded(patientId));
    expect(event).toMatchObject({ kind: 'DOMAIN_EVENT', type: 'ehr.condition.recorded', patientId, actorId: null, allowed: null });
    const reads = await append(
      phiRead({
        reads: [
          { patientId, allowed: true, entities: [{ type: 'Condition', fields: ['code', 'display'] }] },
          { patientId: other, allowed: false, entities: [{ type: 'Patient', fields: ['conditions'] }] },
        ],
      }),
    );
    expect(reads.map((r) => [r.kind, r.patientId, r.allowed, r.operation])).toEqual([
      ['PHI_READ', patientId, true, 'Chart'],
      ['PHI_READ', other, false, 'Chart'],
    ]);
    expect(reads.map(entitiesOf)).toEqual([[{ type: 'Condition', fields: ['code', 'display'] }], [{ type: 'Patient', fields: ['conditions'] }]]);
    expect(entitiesOf(event!)).toEqual([]);
    expect(reads[0]!.sequence).toBe(event!.sequence + 1n);
    expect(reads[1]!.previousHash).toBe(reads[0]!.hash);
  });
});

describe('the chain', () => {
  it('stays one unbroken chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, () => append(conditionRecorded(randomUUID()))));
    const sequences = (await db.prisma.auditEntry.findMany({ orderBy: { sequence: 'asc' }, select: { sequence: true } })).map((e) => Number(e.sequence));
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(await trail.verify(admin)).toMatchObject({ ok: true, checked: sequences.length, firstBrokenSequence: null });
  });

  it('refuses, in the database, a second entry after the same head (no fork even without the lock)', async () => {
    const head = (await db.prisma.auditEntry.findFirst({ orderBy: { sequence: 'desc' } }))!;
    const fork = { ...head, sequence: head.sequence + 1n, hash: 'f'.repeat(64), detail: head.detail ?? {} };
    await expect(db.prisma.auditEntry.create({ data: fork })).rejects.toThrow(/Unique constraint/i);
  });

  it('is append-only in the database: an update, a delete or a truncate is refused', async () => {
    const head = (await db.prisma.auditEntry.findFirst({ orderBy: { sequence: 'desc' } }))!;
    for (const sql of [`UPDATE audit_entries SET actor_role = 'ADMIN' WHERE sequence = $1`, `DELETE FROM audit_entries WHERE sequence = $1`])
      await expect(db.prisma.$executeRawUnsafe(sql, head.sequence)).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
    expect(await db.prisma.auditEntry.findFirst({ orderBy: { sequence: 'desc' } })).toEqual(head);
  });

  it('reports the first entry whose row was edited, then a removed one, by someone able to lift the refusal', async () => {
    for (let i = 0; i < 3; i++) await append(conditionRecorded(randomUUID()));
    const total = await db.prisma.auditEntry.count();
    const edited = BigInt(total - 1);
    await db.prisma.$executeRawUnsafe('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await db.prisma.$executeRawUnsafe(`UPDATE audit_entries SET actor_role = 'ADMIN' WHERE sequence = $1`, edited);
    expect(await trail.verify(admin)).toMatchObject({ ok: false, checked: total - 2, firstBrokenSequence: String(edited), reason: expect.stringMatching(/was changed/) });
    await db.prisma.$executeRawUnsafe(`DELETE FROM audit_entries WHERE sequence = $1`, edited);
    expect(await trail.verify(admin)).toMatchObject({ ok: false, firstBrokenSequence: String(edited + 1n), reason: `entry ${edited} is missing (the next is ${edited + 1n})` });
    await db.prisma.$executeRawUnsafe('ALTER TABLE audit_entries ENABLE TRIGGER USER');
  });
});

describe('who may read', () => {
  it('the trail and its verification are ADMIN’s alone', async () => {
    for (const role of ['DOCTOR', 'PATIENT', 'NURSE', 'BILLING_CLERK'] as const) {
      expect(await codeOf(trail.list(testViewer(role), {}))).toBe('FORBIDDEN');
      expect(await codeOf(trail.verify(testViewer(role)))).toBe('FORBIDDEN');
    }
    expect(await codeOf(trail.list(undefined, {}))).toBe('UNAUTHENTICATED');
  });

  it('a patient’s access log is theirs and ADMIN’s, and lists only reads of them', async () => {
    const patientId = randomUUID();
    await append(conditionRecorded(patientId));
    await append(phiRead({ reads: [{ patientId, allowed: true, entities: [{ type: 'Condition', fields: ['code'] }] }] }));
    const self = testViewer('PATIENT', { patientId });
    const log = await trail.accessLog(self, patientId, {});
    expect(log.nodes.map((e) => [e.kind, e.patientId])).toEqual([['PHI_READ', patientId]]);
    expect((await trail.accessLog(admin, patientId, {})).nodes).toHaveLength(1);
    expect(await codeOf(trail.accessLog(testViewer('PATIENT', { patientId: randomUUID() }), patientId, {}))).toBe('FORBIDDEN');
    expect(await codeOf(trail.accessLog(testViewer('DOCTOR'), patientId, {}))).toBe('FORBIDDEN');
  });

  it('filters by patient, actor and time, newest first, and pages', async () => {
    const patientId = randomUUID();
    const actorId = randomUUID();
    const before = new Date();
    for (let i = 0; i < 3; i++) await append(phiRead({ actorId, reads: [{ patientId, allowed: true, entities: [{ type: 'Patient', fields: ['givenName'] }] }] }));
    const page = await trail.list(admin, { patientId, actorId, first: 2 });
    expect(page.nodes).toHaveLength(2);
    expect(page.nodes[0]!.sequence).toBeGreaterThan(page.nodes[1]!.sequence);
    expect(await page.totalCount()).toBe(3);
    const rest = await trail.list(admin, { patientId, after: page.pageInfo.endCursor });
    expect(rest.nodes).toHaveLength(1);
    expect((await trail.list(admin, { actorId, to: before })).nodes).toHaveLength(0);
    expect((await trail.list(admin, { actorId, from: before })).nodes).toHaveLength(3);
    expect(await codeOf(trail.list(admin, { from: before, to: before }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(trail.list(admin, { patientId: 'not-an-id' }))).toBe('BAD_USER_INPUT');
  });
});
