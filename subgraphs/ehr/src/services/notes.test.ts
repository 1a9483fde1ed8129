/** ClinicalNoteService against its real database: doctors and nurses of the care team write notes; only the author amends one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, openEhrTestDatabase } from '../../test/service-kit';

let t: Awaited<ReturnType<typeof openEhrTestDatabase>>;
beforeAll(async () => {
  t = await openEhrTestDatabase();
});
afterAll(() => t?.db.close());

describe('ClinicalNoteService', () => {
  it('lets doctors and nurses of the care team add notes, nobody else', async () => {
    const p = await t.patientWithCareTeam();
    const encounter = await t.ehr.encounters.start(p.doctor, { patientId: p.patientId, reason: 'Visit' });
    const byNurse = await t.ehr.notes.add(p.nurse, { patientId: p.patientId, encounterId: encounter.id, text: 'Vitals taken, patient comfortable.' });
    expect(byNurse).toMatchObject({ authorId: p.nurse.viewer!.practitionerId, encounterId: encounter.id, version: 1 });
    expect(await codeOf(t.ehr.notes.add(p.doctor, { patientId: p.patientId, text: 'Assessment: viral URI.' }))).toBe('ok');
    for (const who of [p.self, ...p.outsiders]) expect(await codeOf(t.ehr.notes.add(who, { patientId: p.patientId, text: 'x' }))).toBe('FORBIDDEN');
    expect(await codeOf(t.ehr.notes.add(p.nurse, { patientId: p.patientId, text: '' }))).toBe('BAD_USER_INPUT');
  });

  it('amends as a new version by the author only', async () => {
    const p = await t.patientWithCareTeam();
    const note = await t.ehr.notes.add(p.nurse, { patientId: p.patientId, text: 'BP 150/90' });
    expect(await codeOf(t.ehr.notes.amend(p.doctor, note.id, 'BP 130/80', 'Wrong reading'))).toBe('FORBIDDEN');
    const amended = await t.ehr.notes.amend(p.nurse, note.id, 'BP 130/80 (re-measured)', 'Re-measured after rest');
    expect(amended).toMatchObject({ version: 2, supersedesId: note.id, text: 'BP 130/80 (re-measured)', changeReason: 'Re-measured after rest' });
    expect(await t.db.prisma.clinicalNote.findUnique({ where: { id: note.id } })).toMatchObject({ text: 'BP 150/90' });
  });
});
