/** AvailabilityService against its own real database: who may set hours, their validation, replacement, free-slot windows. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownPractitionersProjection } from '@caregraph/access';
import { openServiceTestDatabase, testViewer, type ServiceTestDatabase } from '@caregraph/testkit';
import { PrismaClient } from '../generated/prisma/client';
import { AvailabilityService, type SetAvailabilityInput } from './availability';

let db: ServiceTestDatabase<PrismaClient>;
let availability: AvailabilityService;
const NOW = new Date('2026-03-02T12:00:00Z'); // a Monday
beforeAll(async () => {
  db = await openServiceTestDatabase('scheduling', (options) => new PrismaClient(options));
  availability = new AvailabilityService(db.prisma, knownPractitionersProjection(db.prisma, 'scheduling'), () => NOW);
});
afterAll(() => db?.close());

const admin = testViewer('ADMIN');
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
/** A practitioner this context has heard of, as its known-practitioners consumer would record it. */
const practitioner = async (role = 'DOCTOR') => (await db.prisma.knownPractitioner.create({ data: { id: randomUUID(), role } })).id;
const hours = (practitionerId: string, overrides: Partial<SetAvailabilityInput> = {}): SetAvailabilityInput => ({
  practitionerId,
  weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'],
  startTime: '09:00',
  endTime: '17:00',
  slotMinutes: 30,
  timeZone: 'America/New_York',
  validFrom: '2026-03-01',
  ...overrides,
});
const slotsOf = (practitionerId: string, from: string, to: string) =>
  availability.freeSlotsOf(admin, practitionerId, new Date(from), new Date(to), async (query) => (await availability.batchFreeSlots([query]))[0]!);

describe('AvailabilityService', () => {
  it('lets ADMIN set anyone\'s hours and a DOCTOR only their own', async () => {
    const doctor = await practitioner();
    const other = await practitioner();
    expect(await codeOf(availability.set(admin, hours(doctor)))).toBe('ok');
    expect(await codeOf(availability.set(testViewer('DOCTOR', { practitionerId: doctor }), hours(doctor)))).toBe('ok');
    expect(await codeOf(availability.set(testViewer('DOCTOR', { practitionerId: other }), hours(doctor)))).toBe('FORBIDDEN');
    expect(await codeOf(availability.set(testViewer('NURSE', { practitionerId: doctor }), hours(doctor)))).toBe('FORBIDDEN');
    expect(await codeOf(availability.set(testViewer('PATIENT'), hours(doctor)))).toBe('FORBIDDEN');
    expect(await codeOf(availability.set(undefined, hours(doctor)))).toBe('UNAUTHENTICATED');
  });

  it('refuses hours that make no sense, for practitioners it does not know or who have no appointments', async () => {
    const doctor = await practitioner();
    for (const bad of [
      { timeZone: 'Mars/Base' },
      { startTime: '17:00', endTime: '09:00' },
      { startTime: '9am' },
      { slotMinutes: 2 },
      { startTime: '09:00', endTime: '09:20', slotMinutes: 30 },
      { weekdays: [] },
      { validFrom: '2026-02-30' },
      { validFrom: '2026-03-10', validTo: '2026-03-09' },
    ] satisfies Partial<SetAvailabilityInput>[])
      expect(await codeOf(availability.set(admin, hours(doctor, bad))), JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    expect(await codeOf(availability.set(admin, hours(randomUUID())))).toBe('NOT_FOUND');
    expect(await codeOf(availability.set(admin, hours(await practitioner('PHARMACIST'))))).toBe('BAD_USER_INPUT');
  });

  it('defaults to UTC and 30 minutes, and gives way to new hours from their first day on', async () => {
    const doctor = await practitioner();
    await availability.set(admin, { ...hours(doctor), timeZone: null, slotMinutes: null });
    const monday = await slotsOf(doctor, '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z');
    expect(monday[0]).toEqual({ start: new Date('2026-03-09T09:00:00Z'), end: new Date('2026-03-09T09:30:00Z') });
    expect(monday).toHaveLength(16);
    // From 16 March, mornings only; the week before keeps the old hours.
    await availability.set(admin, hours(doctor, { timeZone: 'UTC', endTime: '12:00', validFrom: '2026-03-16' }));
    expect(await slotsOf(doctor, '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z')).toHaveLength(16);
    expect(await slotsOf(doctor, '2026-03-16T00:00:00Z', '2026-03-17T00:00:00Z')).toHaveLength(6);
    // A bounded change in between leaves the days after it as they were.
    await availability.set(admin, hours(doctor, { timeZone: 'UTC', startTime: '13:00', validFrom: '2026-03-23', validTo: '2026-03-23' }));
    expect(await slotsOf(doctor, '2026-03-23T00:00:00Z', '2026-03-24T00:00:00Z')).toHaveLength(8);
    expect(await slotsOf(doctor, '2026-03-24T00:00:00Z', '2026-03-25T00:00:00Z')).toHaveLength(6);
    const rules = await availability.batchCurrentHours([doctor]);
    expect(rules.map((r) => [r.validFrom.toISOString().slice(0, 10), r.validTo?.toISOString().slice(0, 10) ?? null, r.startTime, r.endTime])).toEqual([
      ['2026-03-01', '2026-03-15', '09:00', '17:00'],
      ['2026-03-16', '2026-03-22', '09:00', '12:00'],
      ['2026-03-23', '2026-03-23', '13:00', '17:00'],
      ['2026-03-24', null, '09:00', '12:00'],
    ]);
  });

  it('takes hours up to the last day 9999-12-31 without storing a day after it (found by fuzzing)', async () => {
    const doctor = await practitioner();
    await availability.set(admin, hours(doctor, { timeZone: 'UTC' }));
    // Replacing open-ended hours up to the last day once stored a remainder from year 10000, which broke every booking.
    await availability.set(admin, hours(doctor, { timeZone: 'UTC', endTime: '12:00', validFrom: '2026-03-16', validTo: '9999-12-31' }));
    const rules = await availability.batchCurrentHours([doctor]);
    expect(rules.map((r) => [r.validFrom.toISOString().slice(0, 10), r.validTo?.toISOString().slice(0, 10) ?? null])).toEqual([
      ['2026-03-01', '2026-03-15'],
      ['2026-03-16', '9999-12-31'],
    ]);
    expect(await slotsOf(doctor, '2026-03-16T00:00:00Z', '2026-03-17T00:00:00Z')).toHaveLength(6);
  });

  it('answers windows of at most 31 days, never with slots already begun', async () => {
    const doctor = await practitioner();
    await availability.set(admin, hours(doctor));
    expect(await codeOf(slotsOf(doctor, '2026-03-01T00:00:00Z', '2026-04-02T00:00:00Z'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(slotsOf(doctor, '2026-03-05T00:00:00Z', '2026-03-04T00:00:00Z'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(availability.freeSlotsOf(undefined, doctor, NOW, NOW, async () => []))).toBe('UNAUTHENTICATED');
    // NOW is Monday 12:00 UTC = 07:00 in New York: the whole day is still ahead; on Sunday nothing at all.
    expect(await slotsOf(doctor, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toHaveLength(16);
    expect(await slotsOf(doctor, '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z')).toHaveLength(0);
    expect(await slotsOf(doctor, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toHaveLength(22 * 16);
  });
});
