/** AllergyService against its real database: doctors of the care team record and correct allergies, as versions others can follow. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, openEhrTestDatabase } from '../../test/service-kit';

let t: Awaited<ReturnType<typeof openEhrTestDatabase>>;
beforeAll(async () => {
  t = await openEhrTestDatabase();
});
afterAll(() => t?.db.close());

describe('AllergyService', () => {
  it('lets only a care-team doctor record an allergy; the patient and care team read it, outsiders do not', async () => {
    const p = await t.patientWithCareTeam();
    const input = { patientId: p.patientId, substance: 'Penicillin', reaction: 'Hives', severity: 'MODERATE' as const };
    for (const who of [p.nurse, p.self, ...p.outsiders]) expect(await codeOf(t.ehr.allergies.record(who, input))).toBe('FORBIDDEN');
    const allergy = await t.ehr.allergies.record(p.doctor, input);
    expect((await t.ehr.allergies.get(p.self, allergy.id))?.substance).toBe('Penicillin');
    for (const who of p.outsiders) expect(await codeOf(t.ehr.allergies.get(who, allergy.id))).toBe('FORBIDDEN');
    expect(await codeOf(t.ehr.allergies.record(p.doctor, { ...input, substance: '  ' }))).toBe('BAD_USER_INPUT');
  });

  it('corrects severity as a new version and announces every version for pharmacy', async () => {
    const p = await t.patientWithCareTeam();
    const first = await t.ehr.allergies.record(p.doctor, { patientId: p.patientId, substance: 'Latex', severity: 'MILD' });
    const second = await t.ehr.allergies.correct(p.doctor, first.id, { severity: 'SEVERE', reason: 'Anaphylaxis reported by the patient' });
    const third = await t.ehr.allergies.markEnteredInError(p.doctor, second.id, 'Recorded on the wrong chart');
    expect([first, second, third].map((a) => [a.version, a.severity, a.verificationStatus])).toEqual([[1, 'MILD', 'CONFIRMED'], [2, 'SEVERE', 'CONFIRMED'], [3, 'SEVERE', 'ENTERED_IN_ERROR']]);
    const events = (await t.db.recorded('ehr.allergy.recorded')).filter((e) => e.payload.lineageId === first.id);
    expect(events.map((e) => [e.payload.version, e.payload.status, e.payload.supersedes])).toEqual([[1, 'ACTIVE', null], [2, 'ACTIVE', first.id], [3, 'ENTERED_IN_ERROR', second.id]]);
    expect(await codeOf(t.ehr.allergies.correct(p.doctor, third.id, { severity: 'MILD', reason: 'x' }))).toBe('CONFLICT');
  });
});
