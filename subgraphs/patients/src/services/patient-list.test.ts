/** The patients list in SQL against the context's real database: its rows are Prisma's, its pages and totals right. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatientAccess } from '@caregraph/access';
import { openServiceTestDatabase, testViewer, type ServiceTestDatabase } from '@caregraph/testkit';
import { PrismaClient } from '../generated/prisma/client';
import { listPatients } from './patient-list';
import { PatientService } from './patients';

let db: ServiceTestDatabase<PrismaClient>;
let patients: PatientService;
beforeAll(async () => {
  db = await openServiceTestDatabase('patients', (options) => new PrismaClient(options));
  patients = new PatientService(db.prisma, db.events);
});
afterAll(() => db?.close());

const admin = new PatientAccess(testViewer('ADMIN'), { membersOf: async () => [], patientsOf: async () => [] });
const everyone = { all: true } as const;

describe('listPatients', () => {
  it('reads the rows findMany reads, pages with cursors and brings the total past the last page', async () => {
    const family = `List${randomUUID().slice(0, 6)}`;
    const full = { email: 'list@example.test', phone: '+1 555 0100', gender: 'FEMALE' as const, address: { line: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' } };
    for (const givenName of ['Ann', 'Bea', 'Cy']) await patients.create(admin, { givenName, familyName: family, birthDate: '1990-02-03', ...full });
    const expected = await db.prisma.patient.findMany({ where: { familyName: family }, orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { id: 'asc' }] });
    expect(expected.map((p) => p.givenName)).toEqual(['Ann', 'Bea', 'Cy']);

    const first = await listPatients(db.prisma, everyone, { search: family, first: 2 }, { withTotal: true });
    expect(first.nodes).toEqual(expected.slice(0, 2)); // every column, under the names and types Prisma gives them
    expect({ total: await first.totalCount(), next: first.pageInfo.hasNextPage }).toEqual({ total: 3, next: true });
    const rest = await listPatients(db.prisma, everyone, { search: family, first: 2, after: first.pageInfo.endCursor }, { withTotal: true });
    expect({ nodes: rest.nodes, total: await rest.totalCount(), next: rest.pageInfo.hasNextPage }).toEqual({ nodes: expected.slice(2), total: 3, next: false });
    const past = await listPatients(db.prisma, everyone, { search: family, after: rest.pageInfo.endCursor }, { withTotal: true });
    expect({ nodes: past.nodes, total: await past.totalCount() }).toEqual({ nodes: [], total: 3 });
    // Without `withTotal` the page is the same and the total is counted when asked for.
    const untotalled = await listPatients(db.prisma, everyone, { search: family, first: 2 });
    expect({ nodes: untotalled.nodes, total: await untotalled.totalCount() }).toEqual({ nodes: expected.slice(0, 2), total: 3 });
    // A scope of some patients counts only those; deactivated patients only when asked for.
    const own = await listPatients(db.prisma, { all: false, patientIds: [expected[1]!.id] }, { search: family }, { withTotal: true });
    expect({ nodes: own.nodes.map((p) => p.id), total: await own.totalCount() }).toEqual({ nodes: [expected[1]!.id], total: 1 });
    await patients.deactivate(admin, expected[0]!.id);
    const active = await listPatients(db.prisma, everyone, { search: family }, { withTotal: true });
    const all = await listPatients(db.prisma, everyone, { search: family, includeInactive: true }, { withTotal: true });
    expect([await active.totalCount(), await all.totalCount()]).toEqual([2, 3]);
  });
});
