/** CareTeamService against its own real database: license rules, who may join a care team, specialty search, admin-only writes. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownPatientsProjection } from '@caregraph/access';
import { testViewer, openServiceTestDatabase, type ServiceTestDatabase } from '@caregraph/testkit';
import { PrismaClient } from '../generated/prisma/client';
import { createLoaders } from '../loaders';
import { CareTeamService, type CreatePractitionerInput } from './care-team';

let db: ServiceTestDatabase<PrismaClient>;
let careTeam: CareTeamService;
beforeAll(async () => {
  db = await openServiceTestDatabase('care-team', (options) => new PrismaClient(options));
  careTeam = new CareTeamService(db.prisma, db.events, knownPatientsProjection(db.prisma, 'care-team'));
});
afterAll(() => db?.close());

const admin = testViewer('ADMIN');
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
const license = () => `MD-${randomUUID().slice(0, 8).toUpperCase()}`;
const practitioner = (overrides: Partial<CreatePractitionerInput> = {}) =>
  careTeam.createPractitioner(admin, { givenName: 'Kim', familyName: `Unit${randomUUID().slice(0, 6)}`, role: 'DOCTOR', licenseNumber: license(), ...overrides });
/** A patient this context has heard of, as its known-patients consumer would record it. */
const knownPatient = async (active = true) => (await db.prisma.knownPatient.create({ data: { id: randomUUID(), active } })).id;

describe('CareTeamService', () => {
  it('lets only ADMIN create practitioners and organizations or change care teams', async () => {
    const nurse = testViewer('NURSE');
    expect(await codeOf(careTeam.createPractitioner(nurse, { givenName: 'A', familyName: 'B', role: 'DOCTOR', licenseNumber: license() }))).toBe('FORBIDDEN');
    expect(await codeOf(careTeam.createOrganization(undefined, { name: 'Clinic', type: 'CLINIC' }))).toBe('UNAUTHENTICATED');
    const doctor = await practitioner();
    expect(await codeOf(careTeam.assign(nurse, await knownPatient(), doctor.id))).toBe('FORBIDDEN');
  });

  it('keeps license numbers well-formed and unique', async () => {
    expect(await codeOf(practitioner({ licenseNumber: 'x' }))).toBe('BAD_USER_INPUT');
    const taken = license();
    await practitioner({ licenseNumber: taken });
    expect(await codeOf(practitioner({ licenseNumber: taken.toLowerCase() }))).toBe('CONFLICT');
  });

  it('admits only doctors and nurses with an ACTIVE license to the care team of a known, active patient', async () => {
    const patientId = await knownPatient();
    expect(await codeOf(careTeam.assign(admin, patientId, (await practitioner({ licenseStatus: 'SUSPENDED' })).id))).toBe('CONFLICT');
    expect(await codeOf(careTeam.assign(admin, patientId, (await practitioner({ role: 'PHARMACIST' })).id))).toBe('BAD_USER_INPUT');
    const doctor = await practitioner();
    expect(await codeOf(careTeam.assign(admin, randomUUID(), doctor.id))).toBe('NOT_FOUND');
    expect(await codeOf(careTeam.assign(admin, await knownPatient(false), doctor.id))).toBe('CONFLICT');
    expect(await careTeam.assign(admin, patientId, doctor.id)).toEqual({ id: patientId });
    expect(await codeOf(careTeam.assign(admin, patientId, doctor.id))).toBe('CONFLICT');
    const assigned = (await db.recorded('care-team.member.assigned')).filter((e) => e.aggregateId === patientId);
    expect(assigned.map((e) => e.payload)).toEqual([{ patientId, practitionerId: doctor.id, role: 'DOCTOR' }]);
    await careTeam.remove(admin, patientId, doctor.id);
    expect(await codeOf(careTeam.remove(admin, patientId, doctor.id))).toBe('NOT_FOUND');
  });

  it('reads care teams with their practitioners and organizations as findMany reads them, and primes their loaders', async () => {
    const clinic = await careTeam.createOrganization(admin, { name: `Clinic ${randomUUID().slice(0, 4)}`, type: 'CLINIC' });
    const [withClinic, alone] = [await practitioner({ organizationId: clinic.id, specialties: ['Cardiology', 'Geriatrics'] }), await practitioner({ role: 'NURSE' })];
    const [first, second, empty] = [await knownPatient(), await knownPatient(), await knownPatient()];
    for (const [patientId, practitionerId] of [[first, withClinic.id], [first, alone.id], [second, withClinic.id]] as const) await careTeam.assign(admin, patientId, practitionerId);
    const expected = async (patientId: string) =>
      db.prisma.careTeamMember.findMany({ where: { patientId }, orderBy: [{ since: 'asc' }, { practitionerId: 'asc' }], include: { practitioner: { include: { organization: true } } } });

    const loaders = createLoaders(db.prisma);
    const teams = await Promise.all([first, second, empty].map((id) => loaders.careTeamOfPatient.load(id)));
    const sorted = (team: { since: Date; practitionerId: string }[]) => [...team].sort((a, b) => +a.since - +b.since || a.practitionerId.localeCompare(b.practitionerId));
    expect(teams.map(sorted)).toEqual([await expected(first), await expected(second), []]); // every column, Prisma's names and types
    expect(teams[0]!.find((m) => m.practitionerId === alone.id)!.practitioner.organization).toBeNull();
    // The practitioners and organizations came with them: their loaders answer from what the care teams brought,
    // even once the rows are gone from the database.
    await db.prisma.careTeamMember.deleteMany({ where: { patientId: { in: [first, second] } } });
    await db.prisma.practitioner.delete({ where: { id: withClinic.id } });
    await db.prisma.organization.delete({ where: { id: clinic.id } });
    expect((await loaders.practitioner.load(withClinic.id))?.specialties).toEqual(['Cardiology', 'Geriatrics']);
    expect((await loaders.organization.load(clinic.id))?.name).toBe(clinic.name);
  });

  it('finds practitioners by specialty whatever its case, and by role', async () => {
    const specialty = `Neurology ${randomUUID().slice(0, 4)}`;
    const neurologist = await practitioner({ specialties: [specialty] });
    await practitioner({ role: 'NURSE', specialties: [specialty] });
    const viewer = testViewer('PATIENT');
    const found = await careTeam.listPractitioners(viewer, { specialty: specialty.toUpperCase(), role: 'DOCTOR' });
    expect(found.nodes.map((p) => p.id)).toEqual([neurologist.id]);
    expect(await (await careTeam.listPractitioners(viewer, { specialty: specialty.toLowerCase() })).totalCount()).toBe(2);
    expect(await codeOf(careTeam.listPractitioners(undefined, {}))).toBe('UNAUTHENTICATED');
  });
});
