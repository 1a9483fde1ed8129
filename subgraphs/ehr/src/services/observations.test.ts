/** ObservationService against its real database: nurses record vital signs only, units are UCUM, corrections are versions. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@caregraph/events';
import { codeOf, openEhrTestDatabase } from '../../test/service-kit';

let t: Awaited<ReturnType<typeof openEhrTestDatabase>>;
beforeAll(async () => {
  t = await openEhrTestDatabase();
});
afterAll(() => t?.db.close());

describe('ObservationService', () => {
  it('lets a care-team nurse record vital signs but not laboratory values; outsiders neither', async () => {
    const p = await t.patientWithCareTeam();
    const vital = { patientId: p.patientId, code: '8867-4', value: '72', unit: '/min', category: 'VITAL_SIGNS' as const };
    const recorded = await t.ehr.observations.record(p.nurse, vital);
    expect(recorded).toMatchObject({ display: 'Heart rate', value: '72', unit: '/min', version: 1, recorderId: p.nurse.viewer!.practitionerId });
    expect(await codeOf(t.ehr.observations.record(p.nurse, { patientId: p.patientId, code: '2345-7', value: '99', unit: 'mg/dL', category: 'LABORATORY' }))).toBe('FORBIDDEN');
    expect(await codeOf(t.ehr.observations.record(p.doctor, { patientId: p.patientId, code: '2345-7', value: '99', unit: 'mg/dL', category: 'LABORATORY' }))).toBe('ok');
    for (const who of [p.self, ...p.outsiders]) expect(await codeOf(t.ehr.observations.record(who, vital))).toBe('FORBIDDEN');
    const [event] = (await t.db.recorded('ehr.observation.recorded')).filter((e) => e.aggregateId === recorded.id);
    expect(event?.payload).toMatchObject({ observationId: recorded.id, code: '8867-4', value: '72', unit: '/min', category: 'VITAL_SIGNS', version: 1 });
  });

  it('refuses wrong LOINC check digits, non-UCUM units, non-numbers and future times, writing nothing', async () => {
    const p = await t.patientWithCareTeam();
    const before = await t.db.prisma.observation.count();
    const base = { patientId: p.patientId, code: '8480-6', value: '120', unit: 'mm[Hg]', category: 'VITAL_SIGNS' as const };
    for (const bad of [{ code: '8480-5' }, { unit: 'mmHg' }, { value: 'high' }, { unit: null }, { effectiveAt: new Date(Date.now() + 86400_000) }, { code: '2345-7' }])
      expect(await codeOf(t.ehr.observations.record(p.nurse, { ...base, ...bad })), JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    expect(await t.db.prisma.observation.count()).toBe(before);
  });

  it('corrects a value as a new version by whoever may write its category', async () => {
    const p = await t.patientWithCareTeam();
    const first = await t.ehr.observations.record(p.nurse, { patientId: p.patientId, code: '8310-5', value: '38.6', unit: 'Cel', category: 'VITAL_SIGNS' });
    const second = await t.ehr.observations.correct(p.nurse, first.id, { value: '36.8', reason: 'Typed the wrong reading' });
    expect(second).toMatchObject({ version: 2, supersedesId: first.id, value: '36.8', unit: 'Cel', code: '8310-5' });
    expect(await codeOf(t.ehr.observations.correct(p.nurse, second.id, { unit: 'kg', reason: 'x' }))).toBe('BAD_USER_INPUT');
    const gone = await t.ehr.observations.markEnteredInError(p.doctor, second.id, 'Wrong patient');
    expect(gone.verificationStatus).toBe('ENTERED_IN_ERROR');
    expect(await codeOf(t.ehr.observations.correct(p.doctor, gone.id, { value: '37', reason: 'x' }))).toBe('CONFLICT');
  });

  it('keeps lab results as LABORATORY observations: a correction continues the line, a redelivered version changes nothing', async () => {
    const p = await t.patientWithCareTeam();
    const v1 = randomUUID();
    const technician = randomUUID();
    const result: EventPayload<'lab.result.recorded'> = {
      orderId: randomUUID(), patientId: p.patientId, orderedById: p.doctor.viewer!.practitionerId!, testCode: '2345-7', testName: 'Glucose [Mass/volume] in Serum or Plasma', priority: 'ROUTINE', status: 'RESULTED',
      resultId: v1, value: '182', unit: 'mg/dL', interpretation: 'HIGH', resultedAt: new Date().toISOString(), version: 1, supersedes: null, lineageId: v1, performerId: technician, collectedAt: new Date(Date.now() - 3600_000).toISOString(), changeReason: null,
    };
    const apply = (payload: EventPayload<'lab.result.recorded'>) => t.db.events.transaction((tx) => t.ehr.observations.recordFromLab(tx, payload));
    await apply(result);
    await apply(result);
    const v2 = randomUUID();
    await apply({ ...result, resultId: v2, value: '82', interpretation: 'NORMAL', version: 2, supersedes: v1, changeReason: 'Transcription error' });
    const rows = await t.db.prisma.observation.findMany({ where: { lineageId: v1 }, orderBy: { version: 'asc' } });
    expect(rows).toMatchObject([
      { id: v1, version: 1, value: '182', unit: 'mg/dL', code: '2345-7', category: 'LABORATORY', recorderId: technician, changeReason: null },
      { id: v2, version: 2, value: '82', supersedesId: v1, changeReason: 'Transcription error' },
    ]);
    expect(await t.ehr.observations.get(p.self, v2)).toMatchObject({ value: '82' });
    expect((await t.db.recorded('ehr.observation.recorded')).filter((e) => e.payload.lineageId === v1)).toHaveLength(2);
  });
});
