/** The versioning helpers every clinical record uses, against the real database: the order of checks of a correction, own-only reads, same-patient encounters, the writer. */
import { randomUUID } from 'node:crypto';
import type { PatientCapability } from '@caregraph/access';
import { testViewer, thrownBy } from '@caregraph/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, openEhrTestDatabase } from '../../test/service-kit';
import { CURRENT, currentVersionFor, encounterOf, readable, WITH_SUCCESSOR, writerOf } from './versions';

let t: Awaited<ReturnType<typeof openEhrTestDatabase>>;
beforeAll(async () => {
  t = await openEhrTestDatabase();
});
afterAll(() => t?.db.close());

const findCondition = (id: string) => t.db.prisma.condition.findUnique({ where: { id }, include: WITH_SUCCESSOR });
/** The code and the field of the error a call ends with, e.g. "BAD_USER_INPUT encounterId", or 'ok'. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string; field?: string } }) => `${error.extensions?.code} ${error.extensions?.field ?? ''}`.trim());

describe('versions', () => {
  it('gives a correction the current version only after finding it and authorizing the viewer for its patient', async () => {
    const p = await t.patientWithCareTeam();
    const condition = await t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'I10' });
    const current = (access: typeof p.doctor, id: string, capability: PatientCapability = 'clinical:write') => currentVersionFor(access, 'condition', id, findCondition, capability);

    expect(await current(p.doctor, condition.id)).toMatchObject({ id: condition.id, version: 1, supersededBy: null });
    expect(await refusal(current(p.doctor, 'not-a-uuid'))).toBe('BAD_USER_INPUT id');
    expect(await codeOf(current(p.doctor, randomUUID()))).toBe('NOT_FOUND');
    expect(await codeOf(current(t.access(undefined), condition.id))).toBe('UNAUTHENTICATED');
    for (const who of [p.nurse, p.self, ...p.outsiders]) expect(await codeOf(current(who, condition.id)), who.viewer?.role).toBe('FORBIDDEN');
    // The capability may depend on the row (a nurse's vitals): it is asked of the row found.
    const asked: string[] = [];
    const byRow = (row: { id: string }): PatientCapability => (asked.push(row.id), 'clinical:read');
    expect((await currentVersionFor(p.nurse, 'condition', condition.id, findCondition, byRow)).id).toBe(condition.id);
    expect(asked).toEqual([condition.id]);
  });

  it('refuses a superseded version or one entered in error with CONFLICT, but tells an outsider only FORBIDDEN', async () => {
    const p = await t.patientWithCareTeam();
    const first = await t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'I10' });
    const second = await t.ehr.conditions.correct(p.doctor, first.id, { code: 'E78.5', reason: 'Wrong code' });
    const current = (access: typeof p.doctor, id: string) => currentVersionFor(access, 'condition', id, findCondition, 'clinical:write');
    await expect(current(p.doctor, first.id)).rejects.toThrow(`superseded by ${second.id}`);
    expect(await codeOf(current(p.doctor, first.id))).toBe('CONFLICT');
    for (const who of p.outsiders) expect(await codeOf(current(who, first.id))).toBe('FORBIDDEN');
    const erroneous = await t.ehr.conditions.markEnteredInError(p.doctor, second.id, 'Wrong patient');
    await expect(current(p.doctor, erroneous.id)).rejects.toThrow(/entered in error/);
    expect(await codeOf(current(p.doctor, erroneous.id))).toBe('CONFLICT');
  });

  it('lists by CURRENT only the newest version of each record, and none entered in error', async () => {
    const p = await t.patientWithCareTeam();
    const kept = await t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'I10' });
    const corrected = await t.ehr.conditions.correct(p.doctor, kept.id, { code: 'E78.5', reason: 'Wrong code' });
    const withdrawn = await t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'E11.9' });
    await t.ehr.conditions.markEnteredInError(p.doctor, withdrawn.id, 'Wrong patient');
    const listed = await t.db.prisma.condition.findMany({ where: { patientId: p.patientId, ...CURRENT } });
    expect(listed.map((row) => row.id)).toEqual([corrected.id]);
    expect(await t.db.prisma.condition.count({ where: { patientId: p.patientId } })).toBe(4);
  });

  it('reads one record: null when there is none (signed out too), FORBIDDEN when it is not the viewer\'s', async () => {
    const p = await t.patientWithCareTeam();
    const condition = await t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'I10' });
    for (const who of [p.doctor, p.nurse, p.self]) expect((await readable(who, 'clinical:read', condition))?.id).toBe(condition.id);
    for (const who of p.outsiders) expect(await codeOf(readable(who, 'clinical:read', condition))).toBe('FORBIDDEN');
    expect(await codeOf(readable(t.access(undefined), 'clinical:read', condition))).toBe('UNAUTHENTICATED');
    expect(await readable(t.access(undefined), 'clinical:read', null)).toBeNull();
    expect(await readable(p.outsiders[0]!, 'clinical:read', null)).toBeNull();
  });

  it('links a record only to an encounter of the same patient', async () => {
    const p = await t.patientWithCareTeam();
    const other = await t.patientWithCareTeam();
    const encounter = await t.ehr.encounters.start(p.doctor, { patientId: p.patientId, reason: 'Check-up' });
    const elsewhere = await t.ehr.encounters.start(other.doctor, { patientId: other.patientId, reason: 'Check-up' });
    expect(await encounterOf(t.db.prisma, p.patientId, encounter.id)).toBe(encounter.id);
    // UUIDs are compared lower-cased, however they were sent.
    expect(await encounterOf(t.db.prisma, p.patientId, encounter.id.toUpperCase())).toBe(encounter.id);
    expect(await encounterOf(t.db.prisma, p.patientId, null)).toBeNull();
    expect(await encounterOf(t.db.prisma, p.patientId, undefined)).toBeNull();
    expect(await refusal(encounterOf(t.db.prisma, p.patientId, elsewhere.id))).toBe('BAD_USER_INPUT encounterId');
    expect(await refusal(encounterOf(t.db.prisma, p.patientId, randomUUID()))).toBe('BAD_USER_INPUT encounterId');
    expect(await refusal(encounterOf(t.db.prisma, p.patientId, 'visit-1'))).toBe('BAD_USER_INPUT encounterId');
  });

  it('names the practitioner writing, and refuses a writer without a practitioner record', async () => {
    const p = await t.patientWithCareTeam();
    expect(writerOf(p.doctor)).toBe(p.doctor.viewer!.practitionerId);
    for (const who of [p.self, t.access(testViewer('DOCTOR')), t.access(undefined)]) expect(thrownBy(() => writerOf(who))?.[0], who.viewer?.role ?? 'signed out').toBe('FORBIDDEN');
  });
});
