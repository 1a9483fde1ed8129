/**
 * The security review's findings at the gateway (issue 6), each reproduced as the attacker sent it: operation limits,
 * planner failures, HTTP error bodies, field suggestions, variables, and the HTTP statuses that follow error codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '@caregraph/demo';
import { startTestPlatform, type TestPlatform, errorCodes as codes } from '@caregraph/testkit';
import { careTeamCycle, fragmentBomb, organizationAliases, plannerBomb, rootAliases, unplannable } from './attacks';

const LIMIT_CODES = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'];

describe('gateway security', () => {
  let t: TestPlatform;
  let patient: string;
  beforeAll(async () => {
    t = await startTestPlatform('embedded');
    patient = await t.login('patient@demo.test');
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Sends an attack and asserts it was refused by a limit, quickly, before any subgraph ran SQL. */
  async function expectRefused(query: string, options: { token?: string; url?: string } = {}) {
    t.queries.reset();
    const started = performance.now();
    const result = await t.request(query, options);
    const elapsed = performance.now() - started;
    expect(result.status).toBe(400);
    expect(LIMIT_CODES).toContain(codes(result)?.[0]);
    expect(result.errors?.[0]?.message).toMatch(/limit|tokens/i);
    expect(result.data).toBeUndefined();
    expect(t.queries.count()).toBe(0);
    // Generous: the measured figure is a few milliseconds (gateway/bench/attacks.bench.ts); this only catches a walk gone exponential.
    expect(elapsed).toBeLessThan(1000);
    return result;
  }

  it('finding 1: refuses nested fragment spreads at once (memoised), instead of blocking the process', async () => {
    expect(fragmentBomb().length).toBeLessThan(700);
    await expectRefused(fragmentBomb());
    await expectRefused(fragmentBomb(9));
  });

  it('finding 2: refuses 1,000 aliases of a 100-item page, and by cost a shallow operation whose lists multiply', async () => {
    await expectRefused(organizationAliases(1000), { token: patient });
    await expectRefused(organizationAliases(40), { token: patient }); // within the token budget, over the alias limit
    const result = await expectRefused(careTeamCycle(3), { token: patient }); // 12 levels: within the depth limit
    expect(result.errors?.[0]?.message).toMatch(/could return about \d+ fields; the limit is 100000/);
  });

  it('finding 3: refuses 60 aliases × 3 fragment levels over the care-team cycle before the planner sees it', async () => {
    await expectRefused(plannerBomb(), { token: patient });
  });

  it('finding 4: refuses the 26-level care-team cycle at the gateway', async () => {
    await expectRefused(careTeamCycle(26), { token: patient });
  });

  it('finding 5: refuses 1,000 aliases of __schema and of me, and over-deep introspection', async () => {
    await expectRefused(rootAliases(1000, '__schema { __typename }'));
    await expectRefused(rootAliases(1000, 'me { id }'), { token: patient });
    await expectRefused(rootAliases(25, 'me { id }'), { token: patient }); // within the alias limit, over the root-field limit
    const deep = `{ __schema { types { ${'ofType { '.repeat(16)}name${' }'.repeat(16)} } } }`;
    expect((await expectRefused(deep)).errors?.[0]?.message).toMatch(/introspection is nested/);
  });

  it('still answers legitimate operations: a full introspection, a page of 100 and a nested care-team read', async () => {
    const admin = await t.login('admin@demo.test');
    const { getIntrospectionQuery } = await import('graphql');
    expect((await t.request(getIntrospectionQuery(), { token: admin })).errors).toBeUndefined();
    const page = await t.request('{ organizations(first: 100) { nodes { id name type } } practitioners(first: 20) { nodes { id givenName patients { id careTeam { role practitioner { id familyName } } } } } }', { token: admin });
    expect(page.errors).toBeUndefined();
    expect(page.status).toBe(200);
  });

  it('answers /health promptly while 20 attacks run at once', async () => {
    const base = t.url.replace('/graphql', '');
    const attacks = Array.from({ length: 20 }, (_, i) =>
      t.request([fragmentBomb(), organizationAliases(1000), plannerBomb(), careTeamCycle(26)][i % 4]!, { token: patient }),
    );
    const started = performance.now();
    const health = await fetch(`${base}/health`);
    const elapsed = performance.now() - started;
    expect(health.status).toBe(200);
    expect(elapsed).toBeLessThan(2000); // measured: tens of ms (gateway/bench/attacks.bench.ts)
    for (const result of await Promise.all(attacks)) expect(result.status).toBe(400);
  });

  it('finding 9: answers oversized and malformed bodies and unknown routes with JSON, never a stack or a path, at the gateway and every subgraph', async () => {
    const endpoints = [t.url, ...Object.values(t.platform.subgraphs).map((s) => s.url)];
    for (const endpoint of endpoints) {
      const oversized = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ me { id } }`, pad: 'x'.repeat(1_100_000) }) });
      const malformed = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ me { id } }"' });
      const unknown = await fetch(new URL('/nowhere', endpoint), { method: 'POST' });
      for (const [response, status, code] of [[oversized, 413, 'PAYLOAD_TOO_LARGE'], [malformed, 400, 'BAD_REQUEST'], [unknown, 404, 'NOT_FOUND']] as const) {
        expect(response.status, endpoint).toBe(status);
        expect(response.headers.get('content-type')).toMatch(/application\/json/);
        const text = await response.text();
        expect(JSON.parse(text).errors[0].extensions.code).toBe(code);
        expect(text).not.toMatch(/\s at |node_modules|\/work\/|<html|stack/i);
      }
    }
  });

  it('finding 13: a missing required variable is a 400 naming the variable, not a 500', async () => {
    const result = await t.request('query ($id: ID!) { patient(id: $id) { id } }', { token: patient });
    expect(result.status).toBe(400);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toMatch(/\$id/);
  });

  it('answers statuses that follow the codes: 401 with WWW-Authenticate, 403, and 200 for partial results', async () => {
    const anonymous = await t.request('{ users { totalCount } }');
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');

    const badToken = await t.request('{ me { id } }', { token: 'not-a-token' });
    expect(badToken.status).toBe(401);
    expect(badToken.headers.get('www-authenticate')).toBe('Bearer');

    const denied = await t.request('{ users { totalCount } }', { token: patient });
    expect(codes(denied)).toEqual(['FORBIDDEN']);
    expect(denied.status).toBe(403);

    const deniedBySubgraph = await t.request('query ($id: ID!) { patient(id: $id) { id } }', { token: patient, variables: { id: DEMO_IDS.patients.patient2 } });
    expect(codes(deniedBySubgraph)).toEqual(['FORBIDDEN']);
    expect(deniedBySubgraph.status).toBe(403);

    const partial = await t.request('query ($id: ID!) { me { id } patient(id: $id) { id } }', { token: patient, variables: { id: DEMO_IDS.patients.patient2 } });
    expect(partial.data?.me).not.toBeNull();
    expect(codes(partial)).toEqual(['FORBIDDEN']);
    expect(partial.status).toBe(200);
  });

  it('lets browser apps send the configured headers: x-request-id and Apollo client awareness', async () => {
    const response = await fetch(t.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-request-id, apollographql-client-name, apollographql-client-version',
      },
    });
    expect(response.status).toBe(204);
    const allowed = response.headers.get('access-control-allow-headers')?.split(',').map((h) => h.trim());
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-request-id', 'apollographql-client-name', 'apollographql-client-version']));
  });
});

describe('gateway security with introspection off and limits raised', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    // Limits raised so the operation reaches the planner: its own failure must still be a clear 400.
    t = await startTestPlatform('embedded', {
      env: { CAREGRAPH_INTROSPECTION: 'false', MAX_QUERY_ALIASES: '10000000', MAX_QUERY_COST: '1000000000000000', MAX_QUERY_TOKENS: '100000', MAX_QUERY_DEPTH: '100' },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('finding 10: gives no field suggestions when introspection is off, at the gateway and at a subgraph', async () => {
    for (const url of [t.url, t.platform.subgraphs.identity!.url]) {
      const result = await t.request('{ userz { id } mee { id } }', { url });
      expect(result.status).toBe(400);
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(result)).not.toMatch(/Did you mean/i);
    }
  });

  it('finding 3: a query the planner cannot plan is a 400 saying so, never a 500', async () => {
    const patient = await t.login('patient@demo.test');
    const result = await t.request(unplannable(), { token: patient });
    expect(result.status).toBe(400);
    expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.errors?.[0]?.message).toMatch(/too complex to plan/);
  }, 60_000);
});
