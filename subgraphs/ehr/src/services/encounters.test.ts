/** EncounterService against its real database: doctors of the care team start and finish visits, once; an appointment has one open encounter. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENCOUNTER_TRANSITIONS } from './lifecycles';
import { codeOf, openEhrTestDatabase } from '../../test/service-kit';

let t: Awaited<ReturnType<typeof openEhrTestDatabase>>;
beforeAll(async () => {
  t = await openEhrTestDatabase();
});
afterAll(() => t?.db.close());

describe('EncounterService', () => {
  it('lets a care-team doctor start an encounter as its practitioner, and nobody else', async () => {
    const p = await t.patientWithCareTeam();
    const input = { patientId: p.patientId, reason: 'Cough for two weeks' };
    for (const who of [p.nurse, p.self, ...p.outsiders]) expect(await codeOf(t.ehr.encounters.start(who, input))).toBe('FORBIDDEN');
    const encounter = await t.ehr.encounters.start(p.doctor, input);
    expect(encounter).toMatchObject({ status: 'IN_PROGRESS', practitionerId: p.doctor.viewer!.practitionerId, appointmentId: null, endAt: null });
    const [started] = (await t.db.recorded('ehr.encounter.started')).filter((e) => e.aggregateId === encounter.id);
    expect(started?.payload).toEqual({ encounterId: encounter.id, patientId: p.patientId, practitionerId: encounter.practitionerId, appointmentId: null, start: encounter.startAt.toISOString(), end: null });
  });

  it('finishes once, as ENCOUNTER_TRANSITIONS says, announcing the linked appointment', async () => {
    expect(ENCOUNTER_TRANSITIONS.FINISHED).toEqual([]);
    const p = await t.patientWithCareTeam();
    const appointmentId = randomUUID();
    const encounter = await t.ehr.encounters.start(p.doctor, { patientId: p.patientId, appointmentId, reason: 'Follow-up' });
    expect(await codeOf(t.ehr.encounters.finish(p.nurse, encounter.id))).toBe('FORBIDDEN');
    const finished = await t.ehr.encounters.finish(p.doctor, encounter.id);
    expect(finished).toMatchObject({ status: 'FINISHED', finishedBy: p.doctor.viewer!.practitionerId });
    expect(finished.endAt).toBeInstanceOf(Date);
    expect(await codeOf(t.ehr.encounters.finish(p.doctor, encounter.id))).toBe('CONFLICT');
    const announced = (await t.db.recorded('ehr.encounter.finished')).filter((e) => e.aggregateId === encounter.id);
    expect(announced.map((e) => e.payload)).toEqual([expect.objectContaining({ encounterId: encounter.id, appointmentId, end: finished.endAt!.toISOString() })]);
  });

  it('checks an appointment id for form and refuses a second open encounter for it, concurrent starts included', async () => {
    const p = await t.patientWithCareTeam();
    expect(await codeOf(t.ehr.encounters.start(p.doctor, { patientId: p.patientId, appointmentId: 'appt-1', reason: 'Visit' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.ehr.encounters.start(p.doctor, { patientId: p.patientId, reason: ' ' }))).toBe('BAD_USER_INPUT');
    const appointmentId = randomUUID();
    const starts = await Promise.all([1, 2, 3].map(() => codeOf(t.ehr.encounters.start(p.doctor, { patientId: p.patientId, appointmentId, reason: 'Visit' }))));
    expect(starts.sort()).toEqual(['CONFLICT', 'CONFLICT', 'ok']);
    expect(await t.db.prisma.encounter.count({ where: { appointmentId } })).toBe(1);
  });

  it('keeps an encounter\'s clinical columns unchangeable in the database, and a finished encounter altogether', async () => {
    const p = await t.patientWithCareTeam();
    const encounter = await t.ehr.encounters.start(p.doctor, { patientId: p.patientId, reason: 'Visit' });
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE encounters SET patient_id = $2::uuid WHERE id = $1::uuid`, encounter.id, randomUUID())).rejects.toThrow(/never change/);
    await expect(t.db.prisma.$executeRawUnsafe(`DELETE FROM encounters WHERE id = $1::uuid`, encounter.id)).rejects.toThrow(/never deleted/);
    await t.ehr.encounters.finish(p.doctor, encounter.id);
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE encounters SET status = 'IN_PROGRESS' WHERE id = $1::uuid`, encounter.id)).rejects.toThrow(/never change/);
  });

  it('refuses encounters for a patient it never heard of or who was deactivated', async () => {
    const p = await t.patientWithCareTeam();
    await t.db.prisma.knownPatient.update({ where: { id: p.patientId }, data: { active: false } });
    expect(await codeOf(t.ehr.encounters.start(p.doctor, { patientId: p.patientId, reason: 'Visit' }))).toBe('CONFLICT');
  });
});
