/**
 * Identity journeys through the real supergraph (gateway + subgraph over HTTP), in both run modes:
 * embedded (PGlite, in-memory revocations) and PostgreSQL + Redis.
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOutboxWrites, MODES, realServicesMissing, startTestPlatform, type TestPlatform, errorCodes as codes } from '@caregraph/testkit';
import type { PrismaClient } from '../src/generated/prisma/client';

const servicesMissing = await realServicesMissing('identity');

const ME = '{ me { id email role displayName patient { id } } }';
const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken expiresAt user { email role } } }';
const REFRESH = 'mutation ($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken } }';
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id email role patient { id } } } }`;
const USERS = 'query ($role: Role, $first: Int, $after: String) { users(role: $role, first: $first, after: $after) { totalCount nodes { email role } pageInfo { hasNextPage endCursor } } }';

const uniqueEmail = () => `user-${randomUUID().slice(0, 8)}@example.org`;
const registration = (overrides: Record<string, unknown> = {}) => ({
  email: uniqueEmail(),
  password: 'correct horse battery',
  givenName: 'Robin',
  familyName: 'Vale',
  birthDate: '1990-04-12',
  ...overrides,
});

describe.each(MODES)('identity through the gateway (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  let t: TestPlatform;
  beforeAll(async () => {
    if (!skip) t = await startTestPlatform(mode);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.skipIf(skip)('signs in a demo admin who can read me and list users', async () => {
    const login = await t.request(LOGIN, { variables: { email: 'admin@demo.test', password: 'demo-password' } });
    expect(login.errors).toBeUndefined();
    expect(login.data?.login.user).toEqual({ email: 'admin@demo.test', role: 'ADMIN' });
    expect(new Date(login.data?.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const token = login.data!.login.accessToken;
    const me = await t.request(ME, { token });
    expect(me.data?.me).toMatchObject({ email: 'admin@demo.test', role: 'ADMIN', patient: null });

    const users = await t.request(USERS, { token, variables: { first: 3 } });
    expect(users.errors).toBeUndefined();
    expect(users.data?.users.nodes).toHaveLength(3);
    expect(users.data?.users.totalCount).toBeGreaterThanOrEqual(10);
    const next = await t.request(USERS, { token, variables: { first: 3, after: users.data?.users.pageInfo.endCursor } });
    const seen = [...users.data!.users.nodes, ...next.data!.users.nodes].map((u: { email: string }) => u.email);
    expect(new Set(seen).size).toBe(6);
    const doctors = await t.request(USERS, { token, variables: { role: 'DOCTOR' } });
    expect(doctors.data?.users.nodes.map((u: { email: string }) => u.email).sort()).toEqual(['doctor2@demo.test', 'doctor@demo.test']);
  });

  it.skipIf(skip)('refuses users to a PATIENT before any subgraph is called, and to anonymous callers', async () => {
    const token = await t.login('patient@demo.test');
    let identityRequests = 0;
    const count = () => identityRequests++;
    t.platform.subgraphs.identity!.server.on('request', count);
    const denied = await t.request(USERS, { token });
    t.platform.subgraphs.identity!.server.off('request', count);
    expect(codes(denied)).toEqual(['FORBIDDEN']);
    expect(denied.data ?? null).toBeNull();
    expect(identityRequests).toBe(0);

    const anonymous = await t.request(ME);
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.request(USERS, { variables: { first: 1 } }))).toEqual(['UNAUTHENTICATED']);
  });

  it.skipIf(skip)('ends the session at logout: the access token and its refresh token stop working at once', async () => {
    const login = await t.request(LOGIN, { variables: { email: 'nurse@demo.test', password: 'demo-password' } });
    const { accessToken, refreshToken } = login.data!.login;
    expect((await t.request(ME, { token: accessToken })).data?.me.email).toBe('nurse@demo.test');
    const logout = await t.request('mutation { logout }', { token: accessToken });
    expect(logout.data).toEqual({ logout: true });
    const after = await t.request(ME, { token: accessToken });
    expect(codes(after)).toEqual(['UNAUTHENTICATED']);
    expect(after.status).toBe(401);
    expect(codes(await t.request(REFRESH, { variables: { token: refreshToken } }))).toEqual(['UNAUTHENTICATED']);
  });

  it.skipIf(skip)('rotates refresh tokens, and reuse of a rotated token revokes the whole family', async () => {
    const login = await t.request(LOGIN, { variables: { email: 'doctor@demo.test', password: 'demo-password' } });
    const first = login.data!.login.refreshToken;
    const rotated = await t.request(REFRESH, { variables: { token: first } });
    expect(rotated.errors).toBeUndefined();
    const { accessToken, refreshToken: second } = rotated.data!.refreshSession;
    expect(second).not.toBe(first);
    expect((await t.request(ME, { token: accessToken })).data?.me.email).toBe('doctor@demo.test');

    const reuse = await t.request(REFRESH, { variables: { token: first } });
    expect(codes(reuse)).toEqual(['UNAUTHENTICATED']);
    expect(reuse.errors?.[0]?.message).toMatch(/already used/);
    // The family is dead: the newest refresh token and the access tokens of the session are refused.
    expect(codes(await t.request(REFRESH, { variables: { token: second } }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.request(ME, { token: accessToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.request(ME, { token: login.data!.login.accessToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it.skipIf(skip)('rejects tampered, re-dated and alg:none tokens', async () => {
    const token = await t.login('patient@demo.test');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = [
      `${header}.${encode({ ...claims, role: 'ADMIN' })}.${signature}`,
      `${header}.${encode({ ...claims, exp: claims.exp + 30 * 86400 })}.${signature}`,
      `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, role: 'ADMIN' })}.`,
      jwt.sign({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 3600 }, t.config.jwt.verifyKey, { algorithm: 'HS256' }),
      'not-a-jwt',
    ];
    for (const bad of forged) expect(codes(await t.request(ME, { token: bad }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.request(ME, { headers: { authorization: `Token ${token}` } }))).toEqual(['UNAUTHENTICATED']);
  });

  it.skipIf(skip)('registers a patient who is signed in at once, with a patientId claim and an outbox event', async () => {
    const input = registration({ phone: '+1 555 0100' });
    const result = await t.request(REGISTER, { variables: { input } });
    expect(result.errors).toBeUndefined();
    const { accessToken, user } = result.data!.register;
    expect(user).toMatchObject({ email: input.email, role: 'PATIENT' });
    const claims = jwt.decode(accessToken) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: user.id, role: 'PATIENT', patientId: user.patient.id });
    expect((await t.request(ME, { token: accessToken })).data?.me.email).toBe(input.email);
    const prisma = identityPrisma(t);
    const events = await prisma.outboxEvent.findMany({ where: { aggregateId: user.id } });
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      [
        'identity.user.registered',
        { userId: user.id, patientId: user.patient.id, email: input.email, givenName: 'Robin', familyName: 'Vale', birthDate: '1990-04-12', phone: '+1 555 0100' },
      ],
    ]);
  });

  it.skipIf(skip)('rejects bad registrations with BAD_USER_INPUT or CONFLICT and writes nothing', async () => {
    const prisma = identityPrisma(t);
    const before = { users: await prisma.user.count(), events: await countOutboxWrites(prisma), tokens: await prisma.refreshToken.count() };
    const future = new Date(Date.now() + 86400_000 * 2).toISOString().slice(0, 10);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ email: 'not-an-email' }, 'BAD_USER_INPUT', 'email'],
      [{ password: 'short' }, 'BAD_USER_INPUT', 'password'],
      [{ birthDate: future }, 'BAD_USER_INPUT', 'birthDate'],
      [{ birthDate: '2001-02-30' }, 'BAD_USER_INPUT', 'birthDate'],
      [{ givenName: '   ' }, 'BAD_USER_INPUT', 'givenName'],
      [{ email: 'Patient@Demo.test' }, 'CONFLICT', ''],
    ];
    for (const [overrides, code, field] of cases) {
      const result = await t.request(REGISTER, { variables: { input: registration(overrides) } });
      expect(codes(result), JSON.stringify(overrides)).toEqual([code]);
      // Our validation names the field in `extensions.field`; scalar coercion names it in the message.
      if (field) expect([result.errors?.[0]?.extensions?.field, result.errors?.[0]?.message].join(' ')).toContain(field);
      expect(result.errors?.[0]?.message.length).toBeGreaterThan(10);
    }
    const after = { users: await prisma.user.count(), events: await countOutboxWrites(prisma), tokens: await prisma.refreshToken.count() };
    expect(after).toEqual(before);
  });

  it.skipIf(skip)('gives one of two concurrent registrations of the same email a CONFLICT', async () => {
    const input = registration();
    const results = await Promise.all([t.request(REGISTER, { variables: { input } }), t.request(REGISTER, { variables: { input } })]);
    expect(results.map((r) => (r.errors ? codes(r)![0] : 'ok')).sort()).toEqual(['CONFLICT', 'ok']);
  });

  it.skipIf(skip)('throttles repeated failed sign-ins with RATE_LIMITED', async () => {
    const input = registration();
    await t.request(REGISTER, { variables: { input } });
    for (let i = 0; i < 5; i++) {
      expect(codes(await t.request(LOGIN, { variables: { email: input.email, password: 'wrong password!' } }))).toEqual(['UNAUTHENTICATED']);
    }
    const limited = await t.request(LOGIN, { variables: { email: input.email, password: input.password } });
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it.skipIf(skip)('lets only an ADMIN create accounts, validating role links', async () => {
    const admin = await t.login('admin@demo.test');
    const CREATE = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { email role practitioner { id } } }';
    const practitionerId = randomUUID();
    const input = { email: uniqueEmail(), password: 'a long enough password', role: 'NURSE', displayName: 'New Nurse', practitionerId };
    const created = await t.request(CREATE, { token: admin, variables: { input } });
    expect(created.data?.createUser).toEqual({ email: input.email, role: 'NURSE', practitioner: { id: practitionerId } });
    expect(codes(await t.request(CREATE, { token: admin, variables: { input: { ...input, email: uniqueEmail() } } }))).toEqual(['CONFLICT']);
    expect(codes(await t.request(CREATE, { token: admin, variables: { input: { ...input, email: uniqueEmail(), role: 'BILLING_CLERK' } } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const doctor = await t.login('doctor@demo.test');
    expect(codes(await t.request(CREATE, { token: doctor, variables: { input: { ...input, email: uniqueEmail() } } }))).toEqual(['FORBIDDEN']);
    const nurse = await t.login(input.email, input.password);
    expect((await t.request(ME, { token: nurse })).data?.me.email).toBe(input.email);
  });

  it.skipIf(skip)('links an INSURANCE_PROVIDER account to its insurer organization, in the token and through federation', async () => {
    const admin = await t.login('admin@demo.test');
    const CREATE = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { role organization { id } } }';
    const acme = '00000000-0000-4000-8000-000000000405';
    const input = { email: uniqueEmail(), password: 'a long enough password', role: 'INSURANCE_PROVIDER', displayName: 'Claims Desk' };
    expect(codes(await t.request(CREATE, { token: admin, variables: { input } })), 'an insurer account needs its organization').toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.request(CREATE, { token: admin, variables: { input: { ...input, role: 'BILLING_CLERK', organizationId: acme } } }))).toEqual(['BAD_USER_INPUT']);
    const created = await t.request(CREATE, { token: admin, variables: { input: { ...input, organizationId: acme } } });
    expect(created.data?.createUser).toEqual({ role: 'INSURANCE_PROVIDER', organization: { id: acme } });

    const token = await t.login(input.email, input.password);
    expect(jwt.decode(token)).toMatchObject({ role: 'INSURANCE_PROVIDER', organizationId: acme });
    const me = await t.request<{ me: { organization: { name: string; type: string } } }>('{ me { organization { name type } } }', { token });
    expect(me.data?.me.organization).toEqual({ name: 'Acme Health Insurance', type: 'INSURER' });
    const demo = await t.login('insurer@demo.test');
    expect(jwt.decode(demo), 'the demo insurer acts for Acme').toMatchObject({ organizationId: acme });
  });

  it.skipIf(skip)('the identity subgraph defends itself: _entities leaks nothing without a valid token or to another user', async () => {
    const identity = t.platform.subgraphs.identity!.url;
    const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email role } } }';
    const adminId = '00000000-0000-4000-8000-000000000101';
    const representations = { r: [{ __typename: 'User', id: adminId }] };
    const anonymous = await t.request(ENTITIES, { url: identity, variables: representations });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(anonymous.data ?? null)).not.toContain('admin@demo.test');

    const patient = await t.login('patient@demo.test');
    const other = await t.request(ENTITIES, { url: identity, token: patient, variables: representations });
    expect(JSON.stringify(other.data)).not.toContain('admin@demo.test');
    expect(codes(other)).toContain('FORBIDDEN');

    const forged = jwt.sign({ role: 'ADMIN', sid: 's' }, 'a-secret-the-platform-does-not-use-000000', { subject: adminId, jwtid: 'j', issuer: t.config.jwt.issuer, audience: t.config.jwt.audience, expiresIn: 60 });
    expect(codes(await t.request(ENTITIES, { url: identity, token: forged, variables: representations }))).toEqual(['UNAUTHENTICATED']);

    const users = await t.request('{ users { totalCount } }', { url: identity, token: patient });
    expect(codes(users)).toEqual(['FORBIDDEN']);
    const admin = await t.login('admin@demo.test');
    const allowed = await t.request(ENTITIES, { url: identity, token: admin, variables: representations });
    expect(allowed.data?._entities).toEqual([{ id: adminId, email: 'admin@demo.test', role: 'ADMIN' }]);
  });

  it.skipIf(skip)('validates page sizes and cursors', async () => {
    const token = await t.login('admin@demo.test');
    expect(codes(await t.request(USERS, { token, variables: { after: 'garbage' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.request(USERS, { token, variables: { first: 1000 } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.request(USERS, { token, variables: { first: 0 } }))).toEqual(['BAD_USER_INPUT']);
  });

  it.skipIf(skip)('batches: the SQL count of a list of users with their links does not grow from 5 to 50', async () => {
    const admin = await t.login('admin@demo.test');
    const LIST = `query ($n: Int) { users(first: $n) { totalCount edges { cursor } nodes { id email role displayName createdAt lastLoginAt
      patient { id } practitioner { id } organization { id } } pageInfo { hasNextPage endCursor } } }`;
    // At least 50 accounts, every kind of link among them (the demo accounts, oldest, carry one of each). createUser
    // with one admin token, four at a time: createTestAccount would also sign each in, three password hashes apiece.
    const { users } = (await t.request(LIST, { token: admin, variables: { n: 1 } })).data!;
    const CREATE = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }';
    const acme = '00000000-0000-4000-8000-000000000405';
    const link = (i: number) =>
      [{ role: 'PATIENT', patientId: randomUUID() }, { role: 'NURSE', practitionerId: randomUUID() }, { role: 'INSURANCE_PROVIDER', organizationId: acme }][i % 3]!;
    const missing = Array.from({ length: Math.max(0, 50 - users.totalCount) }, (_, i) => ({ email: uniqueEmail(), password: 'a long enough password', displayName: `Batch ${i}`, ...link(i) }));
    for (let i = 0; i < missing.length; i += 4) {
      const created = await Promise.all(missing.slice(i, i + 4).map((input) => t.request(CREATE, { token: admin, variables: { input } })));
      for (const result of created) expect(result.errors).toBeUndefined();
    }
    type Node = { patient: { id: string } | null; practitioner: { id: string } | null; organization: { id: string } | null };
    const sqlFor = async (first: number) => {
      await t.request(LIST, { token: admin, variables: { n: first } }); // warm-up
      t.queries.reset();
      const result = await t.request(LIST, { token: admin, variables: { n: first } });
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.users.nodes as Node[];
      expect(nodes).toHaveLength(first);
      if (first === 50) for (const link of ['patient', 'practitioner', 'organization'] as const) expect(nodes.some((n) => n[link]), link).toBe(true);
      return t.queries.count('identity');
    };
    const five = await sqlFor(5);
    const fifty = await sqlFor(50);
    console.info(`identity SQL statements for a list of 5 / 50 users with their links (${mode}): ${five} / ${fifty}`);
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(5);
  }, 60_000);
});

/** Reads identity's database directly to prove what was or was not written. */
function identityPrisma(t: TestPlatform) {
  return t.platform.services.identity!.prisma as PrismaClient;
}
