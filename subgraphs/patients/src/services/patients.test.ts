/** PatientService against its own real database: who may create, change and deactivate, and that events commit with changes. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careTeamProjection, PatientAccess } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { openServiceTestDatabase, testViewer, type ServiceTestDatabase } from '@caregraph/testkit';
import { PrismaClient } from '../generated/prisma/client';
import { PatientService } from './patients';

let db: ServiceTestDatabase<PrismaClient>;
let patients: PatientService;
let access: (viewer: Viewer | undefined) => PatientAccess;
beforeAll(async () => {
  db = await openServiceTestDatabase('patients', (options) => new PrismaClient(options));
  patients = new PatientService(db.prisma, db.events);
  const careTeam = careTeamProjection(db.prisma, 'patients');
  access = (viewer) => new PatientAccess(viewer, careTeam.source);
});
afterAll(() => db?.close());

const admin = testViewer('ADMIN');
const input = (familyName = `Unit${randomUUID().slice(0, 6)}`) => ({ givenName: 'Casey', familyName, birthDate: '1990-02-03' });
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));

describe('PatientService', () => {
  it('creates a patient for ADMIN only, announcing it in the same transaction', async () => {
    expect(await codeOf(patients.create(access(undefined), input()))).toBe('UNAUTHENTICATED');
    expect(await codeOf(patients.create(access(testViewer('NURSE')), input()))).toBe('FORBIDDEN');
    const created = await patients.create(access(admin), input('Announced'));
    const announced = (await db.recorded('patients.patient.registered')).filter((e) => e.aggregateId === created.id);
    expect(announced.map((e) => e.payload)).toEqual([{ patientId: created.id, givenName: 'Casey', familyName: 'Announced', birthDate: '1990-02-03', active: true }]);
  });

  it('writes nothing, not even an event, when the input is rejected', async () => {
    const before = { patients: await db.prisma.patient.count(), events: (await db.recorded()).length };
    expect(await codeOf(patients.create(access(admin), { ...input(), birthDate: '2999-01-01' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(patients.create(access(admin), { ...input(), emergencyContacts: [{ name: 'A', relationship: 'B', phone: 'not a phone' }] }))).toBe('BAD_USER_INPUT');
    expect({ patients: await db.prisma.patient.count(), events: (await db.recorded()).length }).toEqual(before);
  });

  it('lets a patient change only their own contact fields', async () => {
    const created = await patients.create(access(admin), input());
    const self = access(testViewer('PATIENT', { patientId: created.id }));
    expect((await patients.update(self, created.id, { phone: '+1 555 0199' })).phone).toBe('+1 555 0199');
    expect(await codeOf(patients.update(self, created.id, { familyName: 'Renamed' }))).toBe('FORBIDDEN');
    expect(await codeOf(patients.update(access(testViewer('PATIENT', { patientId: randomUUID() })), created.id, { phone: '+1 555 0100' }))).toBe('FORBIDDEN');
  });

  it('deactivates once (ADMIN only) and keeps the record', async () => {
    const created = await patients.create(access(admin), input());
    expect(await codeOf(patients.deactivate(access(testViewer('NURSE')), created.id))).toBe('FORBIDDEN');
    expect((await patients.deactivate(access(admin), created.id)).active).toBe(false);
    expect(await codeOf(patients.deactivate(access(admin), created.id))).toBe('CONFLICT');
    expect(await patients.get(access(admin), created.id)).toMatchObject({ id: created.id, active: false });
  });

  it('creates a registered patient once, however often the registration is delivered', async () => {
    const registration = { userId: randomUUID(), patientId: randomUUID(), email: 'reg@example.org', givenName: 'Reg', familyName: 'Istered', birthDate: '1980-01-01', phone: null };
    for (let i = 0; i < 2; i++) await db.events.transaction((tx) => patients.createRegistered(tx, registration));
    expect(await db.prisma.patient.count({ where: { id: registration.patientId } })).toBe(1);
    expect((await db.recorded('patients.patient.registered')).filter((e) => e.aggregateId === registration.patientId)).toHaveLength(1);
  });
});
