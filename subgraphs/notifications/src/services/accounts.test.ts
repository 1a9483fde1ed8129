/** The accounts projection against the real database: what identity's two events record, re-announcements, and who an audience reaches. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNotificationsTestDatabase } from '../../test/service-kit';
import { recipientsOf, recordAccount } from './accounts';
import type { Audience } from './messages';

let t: Awaited<ReturnType<typeof openNotificationsTestDatabase>>;
beforeAll(async () => {
  t = await openNotificationsTestDatabase();
});
afterAll(() => t?.db.close());

const registered = (userId: string, patientId: string) =>
  t.event('identity.user.registered', { userId, patientId, email: 'p@example.org', givenName: 'P', familyName: 'Q', birthDate: '1980-01-01', phone: null });
const created = (userId: string, role: string, links: { patientId?: string; practitionerId?: string } = {}) =>
  t.event('identity.user.created', { userId, email: 'x@example.org', role, patientId: links.patientId ?? null, practitionerId: links.practitionerId ?? null, organizationId: null });
const record = (event: Parameters<typeof recordAccount>[1]) => t.db.events.transaction((tx) => recordAccount(tx, event));
const recipients = (audience: Audience) => t.db.events.transaction((tx) => recipientsOf(tx, audience));
const accountOf = (userId: string) => t.db.prisma.knownAccount.findUnique({ where: { userId } });

describe('accounts', () => {
  it('records a self-registered user as a PATIENT of their record, and a created user with the role and links announced', async () => {
    const [patientUser, patientId] = [randomUUID(), randomUUID()];
    await record(registered(patientUser, patientId));
    expect(await accountOf(patientUser)).toMatchObject({ role: 'PATIENT', patientId, practitionerId: null });
    const [doctorUser, practitionerId] = [randomUUID(), randomUUID()];
    await record(created(doctorUser, 'DOCTOR', { practitionerId }));
    expect(await accountOf(doctorUser)).toMatchObject({ role: 'DOCTOR', patientId: null, practitionerId });
  });

  it('keeps one account per user however often it is announced, with the latest role and links', async () => {
    const userId = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    await record(created(userId, 'NURSE', { practitionerId: first }));
    await record(created(userId, 'NURSE', { practitionerId: first }));
    await record(created(userId, 'DOCTOR', { practitionerId: second }));
    expect(await t.db.prisma.knownAccount.count({ where: { userId } })).toBe(1);
    expect(await accountOf(userId)).toMatchObject({ role: 'DOCTOR', practitionerId: second });
    expect(await recipients({ practitionerId: first })).toEqual([]);
    expect(await recipients({ practitionerId: second })).toEqual([userId]);
  });

  it('reaches every account of a patient, a practitioner or a role, in user order, and nobody for an unknown person', async () => {
    const patientId = randomUUID();
    const own = randomUUID();
    const proxy = randomUUID();
    await record(registered(own, patientId));
    await record(created(proxy, 'PATIENT', { patientId }));
    await record(registered(randomUUID(), randomUUID()));
    expect(await recipients({ patientId })).toEqual([own, proxy].sort());

    const practitionerId = randomUUID();
    const doctor = randomUUID();
    await record(created(doctor, 'DOCTOR', { practitionerId }));
    await record(created(randomUUID(), 'DOCTOR', { practitionerId: randomUUID() }));
    expect(await recipients({ practitionerId })).toEqual([doctor]);

    const pharmacists = [randomUUID(), randomUUID(), randomUUID()];
    for (const userId of pharmacists) await record(created(userId, 'PHARMACIST', { practitionerId: randomUUID() }));
    expect(await recipients({ role: 'PHARMACIST' })).toEqual([...pharmacists].sort());
    // A role audience is not the role of the patients or practitioners above.
    expect(await recipients({ role: 'PHARMACIST' })).not.toContain(doctor);

    expect(await recipients({ patientId: randomUUID() })).toEqual([]);
    expect(await recipients({ practitionerId: randomUUID() })).toEqual([]);
  });
});
