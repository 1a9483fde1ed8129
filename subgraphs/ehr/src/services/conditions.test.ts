/** ConditionService against its real database: who may write, versions instead of edits (in the database too), and the clinical-status table. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINICAL_STATUS_TRANSITIONS, type ClinicalState } from './lifecycles';
import { codeOf, openEhrTestDatabase } from '../../test/service-kit';

let t: Awaited<ReturnType<typeof openEhrTestDatabase>>;
beforeAll(async () => {
  t = await openEhrTestDatabase();
});
afterAll(() => t?.db.close());

describe('ConditionService', () => {
  it('lets only a doctor of the care team record a condition, and no outsider read it', async () => {
    const p = await t.patientWithCareTeam();
    const input = { patientId: p.patientId, code: 'I10' };
    expect(await codeOf(t.ehr.conditions.record(t.access(undefined), input))).toBe('UNAUTHENTICATED');
    for (const who of [p.nurse, p.self, ...p.outsiders]) expect(await codeOf(t.ehr.conditions.record(who, input))).toBe('FORBIDDEN');
    const condition = await t.ehr.conditions.record(p.doctor, input);
    expect(condition).toMatchObject({ code: 'I10', display: 'Essential (primary) hypertension', clinicalStatus: 'ACTIVE', version: 1, supersedesId: null, lineageId: condition.id });
    for (const who of [p.doctor, p.nurse, p.self]) expect((await t.ehr.conditions.get(who, condition.id))?.id).toBe(condition.id);
    for (const who of p.outsiders) expect(await codeOf(t.ehr.conditions.get(who, condition.id))).toBe('FORBIDDEN');
    const [event] = (await t.db.recorded('ehr.condition.recorded')).filter((e) => e.aggregateId === condition.id);
    expect(event?.payload).toMatchObject({ conditionId: condition.id, patientId: p.patientId, code: 'I10', version: 1, supersedes: null });
  });

  it('corrects by writing a new version; the old one stays as it was, and only the current version can be corrected', async () => {
    const p = await t.patientWithCareTeam();
    const first = await t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'E11.9', onsetDate: '2020-01-01' });
    const second = await t.ehr.conditions.correct(p.doctor, first.id, { code: 'E78.5', reason: 'Wrong diagnosis picked from the list' });
    expect(second).toMatchObject({ version: 2, supersedesId: first.id, lineageId: first.id, code: 'E78.5', display: 'Hyperlipidemia, unspecified', changeReason: 'Wrong diagnosis picked from the list' });
    expect(second.onsetDate).toEqual(first.onsetDate);
    expect(await t.db.prisma.condition.findUnique({ where: { id: first.id } })).toMatchObject({ code: 'E11.9', version: 1 });
    expect(await codeOf(t.ehr.conditions.correct(p.doctor, first.id, { code: 'I10', reason: 'again' }))).toBe('CONFLICT');
    // Two corrections of the same version at once: the database lets one through.
    const racing = await Promise.all([1, 2].map((n) => codeOf(t.ehr.conditions.correct(p.doctor, second.id, { display: `Take ${n}`, reason: 'race' }))));
    expect(racing.sort()).toEqual(['CONFLICT', 'ok']);
    expect(await t.db.prisma.condition.count({ where: { lineageId: first.id } })).toBe(3);
  });

  it('is append-only in the database itself: UPDATE and DELETE are refused, a version must follow its predecessor', async () => {
    const p = await t.patientWithCareTeam();
    const condition = await t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'I10' });
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE conditions SET code = 'J06.9' WHERE id = $1::uuid`, condition.id)).rejects.toThrow(/never updated in place/);
    await expect(t.db.prisma.$executeRawUnsafe(`DELETE FROM conditions WHERE id = $1::uuid`, condition.id)).rejects.toThrow(/never deleted in place/);
    const { supersededBy: _s, ...row } = condition;
    await expect(t.db.prisma.condition.create({ data: { ...row, id: crypto.randomUUID(), supersedesId: condition.id, version: 5 } })).rejects.toThrow(/must follow/);
    expect(await t.db.prisma.condition.findUnique({ where: { id: condition.id } })).toMatchObject({ code: 'I10' });
  });

  it('moves clinical status exactly as CLINICAL_STATUS_TRANSITIONS allows', async () => {
    const p = await t.patientWithCareTeam();
    const states = Object.keys(CLINICAL_STATUS_TRANSITIONS) as ClinicalState[];
    for (const from of states) {
      for (const to of states) {
        if (from === to) continue;
        let condition = await t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'J06.9', clinicalStatus: from === 'ENTERED_IN_ERROR' ? 'ACTIVE' : from });
        if (from === 'ENTERED_IN_ERROR') condition = await t.ehr.conditions.markEnteredInError(p.doctor, condition.id, 'Wrong patient');
        const move = to === 'ENTERED_IN_ERROR' ? t.ehr.conditions.markEnteredInError(p.doctor, condition.id, 'Wrong patient') : t.ehr.conditions.correct(p.doctor, condition.id, { clinicalStatus: to, reason: 'Status changed' });
        expect(await codeOf(move), `${from} → ${to}`).toBe(CLINICAL_STATUS_TRANSITIONS[from].includes(to) ? 'ok' : 'CONFLICT');
      }
    }
    const active = await t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'J06.9' });
    expect((await t.ehr.conditions.resolve(p.doctor, active.id)).clinicalStatus).toBe('RESOLVED');
  });

  it('rejects bad codes with BAD_USER_INPUT and writes nothing, not even an event', async () => {
    const p = await t.patientWithCareTeam();
    const before = { conditions: await t.db.prisma.condition.count(), events: (await t.db.recorded()).length };
    expect(await codeOf(t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'diabetes' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'Q21.1' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'I10', onsetDate: '2999-01-01' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.ehr.conditions.record(p.doctor, { patientId: p.patientId, code: 'I10', encounterId: crypto.randomUUID() }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.ehr.conditions.record(p.doctor, { patientId: 'nope', code: 'I10' }))).toBe('BAD_USER_INPUT');
    expect({ conditions: await t.db.prisma.condition.count(), events: (await t.db.recorded()).length }).toEqual(before);
  });
});
