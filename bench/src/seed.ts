/**
 * Seeds the benchmark's data through the public API, as a clinic's first weeks would: organizations, doctors with
 * weekday hours, a pharmacist and a medication catalogue, then patients who register themselves, each with a care team
 * of two doctors, three booked appointments (each drafts an invoice) and two prescriptions.
 */
import { randomUUID } from 'node:crypto';
import { createTokenSigner, createTokenVerifier } from '@caregraph/auth';
import { loadConfig } from '@caregraph/config';
import { post } from './graphql';
import type { Stack } from './stack';

/** An account of the benchmark: `token` for seeding, `tokens` for the load (see `SESSION_TOKENS`). */
export type Account = { id: string; token: string; tokens: string[] };

export type Seeded = {
  admin: string;
  /** The administrator's session, as several access tokens (see `SESSION_TOKENS`). */
  adminTokens: string[];
  patients: Account[];
  doctors: Account[];
  /** The UTC days (YYYY-MM-DD) with booked appointments. */
  days: string[];
  /** `after` cursors of the ADMIN patient list, one per page of 10. */
  patientCursors: (string | null)[];
};

const PASSWORD = 'benchmark password 1234';
const GIVEN = ['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kofi', 'Lena', 'Mia', 'Nils', 'Omar', 'Pia'];
const DOCTORS = 20;

/**
 * Access tokens per account for the load: one session's tokens, as refreshes issue them. Hive Gateway merges identical
 * subgraph queries in flight (same URL, body and headers, the Authorization header included), so two requests in flight
 * with the same token and variables would cost it one call. With one token per doctor, W3 with 60 patients cost Hive
 * half a call per request and subgraph; with these, two requests in flight almost never share token and variables,
 * and every verifier still remembers all of them (some 3,300 tokens, under its 10,000).
 */
const SESSION_TOKENS = { ADMIN: 256, DOCTOR: 32, PATIENT: 8 } as const;
const SLOTS_PER_DAY = 16; // 09:00–17:00 in 30-minute slots

/** Runs `work` over `items` with at most `concurrency` at once. */
async function pool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

/**
 * A mutation whose inputs arrive through events (a registered patient reaches care-team, scheduling and pharmacy a
 * moment later): retried while the answer is NOT_FOUND or FORBIDDEN, for up to 20 s.
 */
async function mutate<Data>(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<Data> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const result = await post<Data>(url, query, variables, token);
    if (result.data && !result.errors) return result.data;
    const code = result.errors?.[0]?.extensions?.code;
    if (!(code === 'NOT_FOUND' || code === 'FORBIDDEN') || Date.now() > deadline) throw new Error(`seeding failed: ${query.slice(0, 60)}… ${JSON.stringify(result.errors)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The next `count` weekdays after today, in UTC. */
function nextWeekdays(count: number): string[] {
  const days: string[] = [];
  for (let d = new Date(); days.length < count; ) {
    d = new Date(d.getTime() + 86_400_000);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

export async function seed(stack: Stack, gatewayUrl: string, patientCount: number): Promise<Seeded> {
  const config = loadConfig(stack.env);
  // Production has no demo accounts: the first administrator's token is signed with the stack's own secret.
  const signer = createTokenSigner(config.jwt);
  const verifier = createTokenVerifier(config.jwt);
  /** `count` access tokens of the session `token` belongs to (each with its own id, like a refresh's). */
  const sessionTokens = (token: string, count: number) => {
    const { userId, sessionId, role, patientId, practitionerId, organizationId } = verifier.verify(token);
    return Array.from({ length: count }, () => signer.sign({ id: userId, role, patientId, practitionerId, organizationId }, sessionId).token);
  };
  const admin = signer.sign({ id: randomUUID(), role: 'ADMIN' }, randomUUID()).token;
  const asAdmin = <Data>(query: string, variables: Record<string, unknown>) => mutate<Data>(gatewayUrl, query, variables, admin);
  const login = async (email: string) =>
    (await mutate<{ login: { accessToken: string } }>(gatewayUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: email, p: PASSWORD }, ''))
      .login.accessToken;
  const staff = async (role: 'DOCTOR' | 'PHARMACIST', familyName: string, organizationId: string) => {
    const { createPractitioner } = await asAdmin<{ createPractitioner: { id: string } }>(
      'mutation ($i: CreatePractitionerInput!) { createPractitioner(input: $i) { id } }',
      { i: { givenName: GIVEN[familyName.length % GIVEN.length], familyName, role, specialties: role === 'DOCTOR' ? ['Family medicine'] : [], licenseNumber: `B-${randomUUID().slice(0, 8)}`, organizationId } },
    );
    const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@bench.example`;
    await asAdmin('mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: { email, password: PASSWORD, role, displayName: `${role} ${familyName}`, practitionerId: createPractitioner.id },
    });
    const token = await login(email);
    return { id: createPractitioner.id, token, tokens: sessionTokens(token, role === 'DOCTOR' ? SESSION_TOKENS.DOCTOR : 1) };
  };

  const organizations = await pool(['North Clinic', 'River Hospital', 'Hill Clinic'], 3, async (name, i) =>
    (await asAdmin<{ createOrganization: { id: string } }>('mutation ($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }', { i: { name, type: i === 1 ? 'HOSPITAL' : 'CLINIC' } }))
      .createOrganization.id,
  );
  const doctors = await pool(Array.from({ length: DOCTORS }, (_, i) => i), 4, (i) => staff('DOCTOR', `Doctor${String(i).padStart(2, '0')}`, organizations[i % organizations.length]!));
  const validFrom = new Date().toISOString().slice(0, 10);
  await pool(doctors, 4, (doctor) =>
    asAdmin('mutation ($i: SetAvailabilityInput!) { setAvailability(input: $i) { id } }', {
      i: { practitionerId: doctor.id, weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startTime: '09:00', endTime: '17:00', slotMinutes: 30, timeZone: 'UTC', validFrom },
    }),
  );
  const pharmacist = await staff('PHARMACIST', 'Pharmacist', organizations[0]!);
  const medications = await pool(Array.from({ length: 10 }, (_, i) => i), 4, async (i) => {
    const { createMedication } = await mutate<{ createMedication: { id: string } }>(
      gatewayUrl,
      'mutation ($i: CreateMedicationInput!) { createMedication(input: $i) { id } }',
      { i: { code: String(900_000 + i), name: `Benchmarkol ${i}`, form: 'TABLET', strength: `${(i + 1) * 5} mg`, reorderLevel: 5 } },
      pharmacist.token,
    );
    await mutate(gatewayUrl, 'mutation ($m: ID!) { restockMedication(medicationId: $m, quantity: 100000) { id } }', { m: createMedication.id }, pharmacist.token);
    return createMedication.id;
  });

  const patients = await pool(Array.from({ length: patientCount }, (_, i) => i), 8, async (i) => {
    const { register } = await mutate<{ register: { accessToken: string; user: { patient: { id: string } } } }>(
      gatewayUrl,
      'mutation ($i: RegisterInput!) { register(input: $i) { accessToken user { patient { id } } } }',
      { i: { email: `patient-${i}-${randomUUID().slice(0, 6)}@bench.example`, password: PASSWORD, givenName: GIVEN[i % GIVEN.length], familyName: `Patient${String(i).padStart(4, '0')}`, birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}` } },
      '',
    );
    return { id: register.user.patient.id, token: register.accessToken, tokens: sessionTokens(register.accessToken, SESSION_TOKENS.PATIENT) };
  });

  // Care teams: two doctors each, so every doctor has patients and every patient two practitioners.
  const careTeams = patients.map((_, i) => [doctors[i % DOCTORS]!, doctors[(i + 7) % DOCTORS]!]);
  await pool(patients, 8, async (patient, i) => {
    for (const doctor of careTeams[i]!)
      await asAdmin('mutation ($p: ID!, $d: ID!) { assignCareTeamMember(patientId: $p, practitionerId: $d) { id } }', { p: patient.id, d: doctor.id });
  });

  // Three appointments each, in each doctor's next free slot of the coming weekdays.
  const days = nextWeekdays(Math.ceil((patientCount * 3) / DOCTORS / SLOTS_PER_DAY) + 1);
  const nextSlot = new Map<string, number>();
  const bookings = patients.flatMap((patient, i) =>
    [0, 1, 2].map((k) => {
      const doctor = careTeams[i]![k % 2]!;
      const slot = nextSlot.get(doctor.id) ?? 0;
      nextSlot.set(doctor.id, slot + 1);
      const day = days[Math.floor(slot / SLOTS_PER_DAY)]!;
      const minutes = 9 * 60 + (slot % SLOTS_PER_DAY) * 30;
      const start = `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.000Z`;
      return { patientId: patient.id, practitionerId: doctor.id, start };
    }),
  );
  await pool(bookings, 8, (booking) =>
    asAdmin('mutation ($i: BookAppointmentInput!) { bookAppointment(input: $i) { id } }', { i: { ...booking, reason: 'Check-up' } }),
  );

  // Two prescriptions each, by the first doctor of the care team.
  await pool(patients, 8, async (patient, i) => {
    for (const k of [0, 1])
      await mutate(
        gatewayUrl,
        'mutation ($i: PrescribeInput!) { prescribe(input: $i) { id } }',
        { i: { patientId: patient.id, medicationId: medications[(i + k) % medications.length], quantity: 30, refills: 1, dosageInstructions: 'One tablet daily' } },
        careTeams[i]![0]!.token,
      );
  });

  // Every page of the ADMIN patient list, so the list workload can start anywhere in it.
  const patientCursors: (string | null)[] = [null];
  for (;;) {
    const page = await post<{ patients: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
      gatewayUrl,
      'query ($after: String) { patients(first: 10, after: $after) { pageInfo { hasNextPage endCursor } } }',
      { after: patientCursors.at(-1) },
      admin,
    );
    const info = page.data?.patients.pageInfo;
    if (!info?.hasNextPage || !info.endCursor) break;
    patientCursors.push(info.endCursor);
  }
  return { admin, adminTokens: sessionTokens(admin, SESSION_TOKENS.ADMIN), patients, doctors, days: [...new Set(bookings.map((b) => b.start.slice(0, 10)))], patientCursors };
}
