/**
 * Typed fixture factories for integration tests: each creates fresh, uniquely named data through the public API as
 * an administrator would, so tests never depend on each other's data or order.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@caregraph/auth';
import type { TestPlatform } from './platform';

export type TestPractitioner = { id: string; role: 'DOCTOR' | 'NURSE' | 'PHARMACIST' | 'LAB_TECHNICIAN'; email: string; token: string };
export type TestPatient = { id: string; mrn: string; email: string; token: string };

const unique = () => randomUUID().slice(0, 8);
const PASSWORD = 'fixture password 1234';

async function asAdmin<Data>(t: TestPlatform, query: string, variables: Record<string, unknown>): Promise<Data> {
  const result = await t.request<Data>(query, { token: await t.login('admin@demo.test'), variables });
  if (result.errors || !result.data) throw new Error(`fixture failed: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** A signed-in account of `role`, linked to a patient or practitioner record when given. */
export async function createTestAccount(t: TestPlatform, role: Role, links: { patientId?: string; practitionerId?: string; organizationId?: string } = {}) {
  const email = `${role.toLowerCase()}-${unique()}@example.org`;
  const { createUser } = await asAdmin<{ createUser: { id: string } }>(t, 'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }', {
    i: { email, password: PASSWORD, role, displayName: `Test ${role}`, ...links },
  });
  return { id: createUser.id, email, token: await t.login(email, PASSWORD) };
}

/** A new insurer organization and a signed-in INSURANCE_PROVIDER account that acts for it. */
export async function createTestInsurer(t: TestPlatform) {
  const { createOrganization } = await asAdmin<{ createOrganization: { id: string } }>(t, 'mutation ($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }', {
    i: { name: `Test Insurance ${unique()}`, type: 'INSURER' },
  });
  const account = await createTestAccount(t, 'INSURANCE_PROVIDER', { organizationId: createOrganization.id });
  return { organizationId: createOrganization.id, ...account };
}

/** A practitioner with an active license and a signed-in account of the same role. */
export async function createTestPractitioner(t: TestPlatform, options: { role?: TestPractitioner['role']; specialties?: string[] } = {}): Promise<TestPractitioner> {
  const role = options.role ?? 'DOCTOR';
  const { createPractitioner } = await asAdmin<{ createPractitioner: { id: string } }>(t, 'mutation ($i: CreatePractitionerInput!) { createPractitioner(input: $i) { id } }', {
    i: { givenName: 'Test', familyName: `Practitioner${unique()}`, role, specialties: options.specialties ?? [], licenseNumber: `T-${unique().toUpperCase()}` },
  });
  const account = await createTestAccount(t, role, { practitionerId: createPractitioner.id });
  return { id: createPractitioner.id, role, email: account.email, token: account.token };
}

/**
 * A patient who registered themself (the usual way in), signed in, with the given practitioners on their care team.
 * Returns once every context has heard of the patient and of the care team.
 */
export async function createTestPatient(t: TestPlatform, options: { careTeam?: { id: string }[]; givenName?: string } = {}): Promise<TestPatient> {
  const email = `patient-${unique()}@example.org`;
  const registered = await t.request<{ register: { accessToken: string; user: { patient: { id: string } } } }>(
    'mutation ($i: RegisterInput!) { register(input: $i) { accessToken user { patient { id } } } }',
    { variables: { i: { email, password: PASSWORD, givenName: options.givenName ?? 'Test', familyName: `Patient${unique()}`, birthDate: '1988-08-08' } } },
  );
  if (!registered.data) throw new Error(`fixture failed: ${JSON.stringify(registered.errors)}`);
  const id = registered.data.register.user.patient.id;
  for (const practitioner of options.careTeam ?? [])
    await asAdmin(t, 'mutation ($p: ID!, $d: ID!) { assignCareTeamMember(patientId: $p, practitionerId: $d) { id } }', { p: id, d: practitioner.id });
  await t.platform.settle();
  const { patient } = await asAdmin<{ patient: { mrn: string } }>(t, 'query ($id: ID!) { patient(id: $id) { mrn } }', { id });
  return { id, mrn: patient.mrn, email, token: registered.data.register.accessToken };
}

/**
 * Weekday hours for a practitioner, set by an administrator: 09:00–17:00 in 30-minute slots in `timeZone` (UTC by
 * default) from today on, so every weekday slot from now on is bookable.
 */
export async function createTestAvailability(t: TestPlatform, practitioner: { id: string }, options: { timeZone?: string; startTime?: string; endTime?: string; slotMinutes?: number } = {}) {
  const { setAvailability } = await asAdmin<{ setAvailability: { id: string } }>(t, 'mutation ($i: SetAvailabilityInput!) { setAvailability(input: $i) { id } }', {
    i: {
      practitionerId: practitioner.id,
      weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'],
      startTime: options.startTime ?? '09:00',
      endTime: options.endTime ?? '17:00',
      slotMinutes: options.slotMinutes ?? 30,
      timeZone: options.timeZone ?? 'UTC',
      validFrom: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    },
  });
  return setAvailability;
}

/**
 * The events a context's writes put in its outbox. PHI-read reports (`<context>.phi.read`, docs/audit.md) are left
 * out: a subgraph records them after sending each response, so a count taken just after a read could still see one
 * arrive — "a rejected mutation announces nothing" must not depend on that timing.
 */
export const countOutboxWrites = (prisma: unknown): Promise<number> =>
  (prisma as { outboxEvent: { count(args: object): Promise<number> } }).outboxEvent.count({ where: { NOT: { type: { endsWith: '.phi.read' } } } });
