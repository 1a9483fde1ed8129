/**
 * The audit trail through the real supergraph, in both run modes: reads of a patient's record (served and refused) in
 * the patient's access log, domain events in the trail, an edited row found by verifyAuditChain, concurrent appends
 * on one chain, and the trail closed to everyone but ADMIN, through the gateway and `_entities` on the subgraph.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MODES, createTestPatient, createTestPractitioner, errorCodes as codes, eventually, realServicesMissing, useTestPlatform } from '@caregraph/testkit';
import type { PrismaClient } from '../src/generated/prisma/client';
import { AuditTrail, type NewEntry } from '../src/services/trail';

const servicesMissing = await realServicesMissing('audit');

const ACCESS_LOG = 'accessLog(first: 50) { totalCount nodes { actorId actorRole context operation allowed entities { type fields } } }';
const MY_ACCESS_LOG = `{ me { patient { ${ACCESS_LOG} } } }`;
const AUDIT_EVENTS = 'query ($p: ID) { auditEvents(patientId: $p, first: 100) { nodes { id kind type actorId actorRole patientId operation requestId allowed entities { type fields } } } }';
const VERIFY = '{ verifyAuditChain { ok checked headHash firstBrokenSequence reason } }';
const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id accessLog { totalCount } } ... on AuditEvent { id hash actorId } } }';

type LogEntry = { actorId: string | null; actorRole: string; context: string; operation: string | null; allowed: boolean; entities: { type: string; fields: string[] }[] };

describe.each(MODES)('audit (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  const { t, tokens } = useTestPlatform(mode, { skip, signIn: ['admin'] });
  const myLog = async (token: string) => {
    const result = await t.request<{ me: { patient: { accessLog: { nodes: LogEntry[] } } } }>(MY_ACCESS_LOG, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.me.patient.accessLog.nodes;
  };
  const userIdOf = async (token: string) => (await t.request<{ me: { id: string } }>('{ me { id } }', { token })).data!.me.id;

  it.skipIf(skip)("puts a doctor's reading of a patient's conditions into that patient's accessLog, with the request id in the trail", async () => {
    const doctor = await createTestPractitioner(t);
    const patient = await createTestPatient(t, { careTeam: [doctor] });
    await t.request('mutation ($i: RecordConditionInput!) { recordCondition(input: $i) { id } }', { token: doctor.token, variables: { i: { patientId: patient.id, code: 'I10' } } });
    const read = await t.request('query Chart($id: ID!) { patient(id: $id) { givenName conditions { code display } labOrders { status } prescriptions { status } } }', { token: doctor.token, variables: { id: patient.id } });
    expect(read.errors).toBeUndefined();
    const doctorUserId = await userIdOf(doctor.token);

    const log = await eventually(async () => {
      const entries = (await myLog(patient.token)).filter((e) => e.actorRole === 'DOCTOR' && e.operation === 'Chart');
      expect(entries).toHaveLength(4);
      return entries;
    }, 5_000);
    const byContext = Object.fromEntries(log.map((e) => [e.context, e]));
    expect(byContext.ehr).toEqual({
      actorId: doctorUserId,
      actorRole: 'DOCTOR',
      context: 'ehr',
      operation: 'Chart',
      allowed: true,
      entities: [
        { type: 'Patient', fields: ['conditions'] },
        { type: 'Condition', fields: ['code', 'display'] },
      ],
    });
    expect(byContext.patients).toMatchObject({ allowed: true, entities: [{ type: 'Query', fields: ['patient'] }, { type: 'Patient', fields: ['givenName'] }] });
    expect(byContext.lab).toMatchObject({ allowed: true, entities: [{ type: 'Patient', fields: ['labOrders'] }] });
    expect(byContext.pharmacy).toMatchObject({ allowed: true, entities: [{ type: 'Patient', fields: ['prescriptions'] }] });

    // ADMIN's trail has the same reads under the request id the gateway answered with, and the patient's domain events.
    const trail = await t.request(AUDIT_EVENTS, { token: tokens.admin, variables: { p: patient.id } });
    const nodes = trail.data!.auditEvents.nodes as { kind: string; type: string; requestId: string | null; operation: string | null }[];
    const requestId = read.headers.get('x-request-id');
    expect(nodes.filter((n) => n.operation === 'Chart').map((n) => [n.type, n.requestId]).sort()).toEqual([
      ['ehr.phi.read', requestId],
      ['lab.phi.read', requestId],
      ['patients.phi.read', requestId],
      ['pharmacy.phi.read', requestId],
    ]);
    expect(nodes.filter((n) => n.kind === 'DOMAIN_EVENT').map((n) => n.type)).toEqual(expect.arrayContaining(['patients.patient.registered', 'care-team.member.assigned', 'ehr.condition.recorded']));
  });

  it.skipIf(skip)('records refused reads as allowed: false, through the gateway and straight at a subgraph', async () => {
    const outsider = await createTestPractitioner(t);
    const patient = await createTestPatient(t);
    const peek = await t.request('query Peek($id: ID!) { patient(id: $id) { givenName conditions { code } } }', { token: outsider.token, variables: { id: patient.id } });
    expect(codes(peek)).toEqual(['FORBIDDEN']);
    const direct = await t.request('query Sneak($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { conditions { code } } } }', {
      url: t.platform.subgraphs.ehr!.url,
      token: outsider.token,
      variables: { r: [{ __typename: 'Patient', id: patient.id }] },
    });
    expect(codes(direct)).toEqual(['FORBIDDEN']);
    const refused = await eventually(async () => {
      const entries = (await myLog(patient.token)).filter((e) => !e.allowed);
      expect(entries).toHaveLength(2);
      return entries;
    }, 5_000);
    expect(refused.map((e) => [e.context, e.operation, e.actorRole, e.entities]).sort()).toEqual([
      ['ehr', 'Sneak', 'DOCTOR', [{ type: 'Patient', fields: ['conditions'] }]],
      ['patients', 'Peek', 'DOCTOR', [{ type: 'Query', fields: ['patient'] }]],
    ]);
  });

  it.skipIf(skip)('keeps one chain under concurrent appends, and verifyAuditChain names the row edited in the database', async () => {
    const prisma = t.platform.services.audit!.prisma as PrismaClient;
    const trail = new AuditTrail(prisma);
    const entry = (): NewEntry => ({
      kind: 'DOMAIN_EVENT',
      sourceId: randomUUID(),
      type: 'test.race',
      occurredAt: new Date(),
      actorId: null,
      actorRole: null,
      patientId: null,
      operation: null,
      requestId: null,
      allowed: null,
      detail: { payload: {} },
    });
    // Separate transactions on the pool's connections (PostgreSQL), racing each other and the bus consumer.
    await Promise.all(Array.from({ length: 24 }, () => prisma.$transaction((tx) => trail.append(tx, [entry(), entry()]))));
    const sequences = (await prisma.auditEntry.findMany({ orderBy: { sequence: 'asc' }, select: { sequence: true } })).map((e) => Number(e.sequence));
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect((await t.request(VERIFY, { token: tokens.admin })).data?.verifyAuditChain).toMatchObject({ ok: true, checked: expect.any(Number), firstBrokenSequence: null });

    const victim = await prisma.auditEntry.findFirst({ where: { kind: 'PHI_READ' }, orderBy: { sequence: 'asc' } });
    // The table refuses updates (a trigger); someone able to lift that is still found out.
    await expect(prisma.$executeRawUnsafe(`UPDATE audit_entries SET actor_role = 'NURSE' WHERE sequence = $1`, victim!.sequence)).rejects.toThrow(/append-only/);
    await prisma.$executeRawUnsafe('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await prisma.$executeRawUnsafe(`UPDATE audit_entries SET actor_role = 'NURSE' WHERE sequence = $1`, victim!.sequence);
    const broken = (await t.request(VERIFY, { token: tokens.admin })).data?.verifyAuditChain;
    expect(broken).toEqual({ ok: false, checked: Number(victim!.sequence) - 1, headHash: null, firstBrokenSequence: String(victim!.sequence), reason: expect.stringMatching(/was changed after it was recorded/) });
    await prisma.$executeRawUnsafe(`UPDATE audit_entries SET actor_role = $2 WHERE sequence = $1`, victim!.sequence, victim!.actorRole);
    await prisma.$executeRawUnsafe('ALTER TABLE audit_entries ENABLE TRIGGER USER');
    expect((await t.request(VERIFY, { token: tokens.admin })).data?.verifyAuditChain.ok).toBe(true);
  });

  it.skipIf(skip)('shows the trail to ADMIN alone, and an access log only to its patient and ADMIN, however it is asked', async () => {
    const doctor = await createTestPractitioner(t);
    const patient = await createTestPatient(t, { careTeam: [doctor] });
    const other = await createTestPatient(t);
    const audit = t.platform.subgraphs.audit!.url;
    const patientRef = { r: [{ __typename: 'Patient', id: patient.id }] };
    const entryRef = { r: [{ __typename: 'AuditEvent', id: '1' }] };

    for (const token of [doctor.token, patient.token]) {
      for (const url of [t.url, audit]) {
        expect(codes(await t.request(AUDIT_EVENTS, { token, url })), url).toEqual(['FORBIDDEN']);
        expect(codes(await t.request(VERIFY, { token, url })), url).toEqual(['FORBIDDEN']);
      }
      const direct = await t.request(ENTITIES, { url: audit, token, variables: entryRef });
      expect(codes(direct)).toContain('FORBIDDEN');
      expect(JSON.stringify(direct.data)).not.toMatch(/hash|actorId/);
    }
    expect(codes(await t.request(AUDIT_EVENTS, { url: audit }))).toEqual(['UNAUTHENTICATED']);
    expect((await t.request(ENTITIES, { url: audit, token: tokens.admin, variables: entryRef })).data?._entities).toEqual([{ id: '1', hash: expect.stringMatching(/^[0-9a-f]{64}$/), actorId: null }]);

    // Someone else's access log: not another patient, not even the patient's own doctor; the patient and ADMIN may.
    for (const token of [other.token, doctor.token]) {
      expect(codes(await t.request(ENTITIES, { url: audit, token, variables: patientRef }))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await t.request(`query ($id: ID!) { patient(id: $id) { ${ACCESS_LOG} } }`, { token: doctor.token, variables: { id: patient.id } }))).toEqual(['FORBIDDEN']);
    expect((await t.request(ENTITIES, { url: audit, token: patient.token, variables: patientRef })).data?._entities).toEqual([{ id: patient.id, accessLog: { totalCount: expect.any(Number) } }]);
    const asAdmin = await t.request(`query ($id: ID!) { patient(id: $id) { ${ACCESS_LOG} } }`, { token: tokens.admin, variables: { id: patient.id } });
    expect(asAdmin.errors).toBeUndefined();
  });
});
