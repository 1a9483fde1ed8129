/** Gateway behaviour that is not about one context: health, readiness, CSRF, and the role matrix covering every root field. */
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationRules } from '@caregraph/access';
import { startTestPlatform, type TestPlatform } from '@caregraph/testkit';

describe('gateway', () => {
  let t: TestPlatform;
  // Signed in before the tests that stop subgraphs (identity among them): tokens are verified without identity.
  let patientToken: string;
  let patientId: string;
  beforeAll(async () => {
    t = await startTestPlatform('embedded');
    patientToken = await t.login('patient@demo.test');
    patientId = (await t.request('{ me { patient { id } } }', { token: patientToken })).data!.me.patient.id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists an explicit role rule for every root operation of the supergraph (no operation relies on the wildcard)', async () => {
    const token = await t.login('admin@demo.test');
    const result = await t.request<IntrospectionQuery>(getIntrospectionQuery(), { token });
    const schema = buildClientSchema(result.data!);
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      if (!root) continue;
      const listed = Object.keys((operationRules as Record<string, Record<string, unknown>>)[root.name] ?? {});
      for (const field of Object.keys(root.getFields())) expect(listed, `${root.name}.${field} has no rule in operationRules`).toContain(field);
    }
  });

  it('answers CORS preflights from browser apps, allowing the token header', async () => {
    const response = await fetch(t.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    // The request itself (POST /graphql, which skips express) carries the CORS answer too.
    const answered = await fetch(t.url, { method: 'POST', headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('prevents CSRF: a GET operation without a preflight header is refused', async () => {
    const response = await fetch(`${t.url}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });

  it('answers GraphQL without an ETag, at the gateway and at a subgraph: no hash of every answer, none is conditional', async () => {
    for (const url of [t.url, t.platform.subgraphs.identity!.url]) {
      const result = await t.request('{ __typename }', { url });
      expect(result.data).toEqual({ __typename: 'Query' });
      expect(result.headers.get('etag')).toBeNull();
    }
  });

  it('answers an operationName the document does not define with 400, not 500', async () => {
    const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ message: expect.stringMatching(/Unknown operation named "B"/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
  });

  it('serves the IDE to browsers at /graphql, with every asset from the gateway itself, and the API to everyone else', async () => {
    const page = await fetch(t.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((url) => !url.startsWith('data:'));
    expect(assets.length).toBeGreaterThanOrEqual(6);
    for (const asset of assets) {
      expect(asset, 'served from this origin').toMatch(/^\/ide\//);
      expect((await fetch(new URL(asset, t.url))).status, asset).toBe(200);
    }
    expect(await (await fetch(new URL('/ide/config.json', t.url))).json()).toMatchObject({ demoAccounts: expect.arrayContaining([expect.objectContaining({ email: 'doctor@demo.test', role: 'DOCTOR' })]) });
    // A GraphQL client asking for JSON still gets the API on GET.
    const api = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': '1' } });
    expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers /health while alive and /ready while it can serve, degraded when a subgraph is down (?strict: 503); a down one answers SERVICE_UNAVAILABLE', async () => {
    const base = t.url.replace('/graphql', '');
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    for (const path of ['/ready', '/ready?strict']) {
      const ready = await fetch(`${base}${path}`);
      expect(ready.status, path).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', schema: 'composed', subgraphs: { identity: 'up' }, events: { identity: { outbox: { pending: 0, failing: 0 } } } });
    }

    await t.platform.subgraphs.identity!.stop();
    // Still ready: the other contexts answer, so a readiness probe must not take the gateway out of service.
    const degraded = await fetch(`${base}/ready`);
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({ status: 'degraded', schema: 'composed', subgraphs: { identity: 'down (unreachable)', patients: 'up' }, circuits: { identity: 'closed' } });
    const strict = await fetch(`${base}/ready?strict`);
    expect(strict.status).toBe(503);
    expect(await strict.json()).toMatchObject({ status: 'not ready', subgraphs: { identity: 'down (unreachable)' } });
    // The only context asked is down: no data, 503, and an error that names the context and the field.
    const during = await t.request('mutation { login(email: "admin@demo.test", password: "demo-password") { accessToken } }');
    expect(during.status).toBe(503);
    expect(during.data).toBeNull();
    expect(during.errors).toEqual([
      {
        message: 'The identity service is unavailable (it is not reachable): its fields are missing from this answer. Try again shortly.',
        path: ['login'],
        // The request id of the response (its x-request-id header) finds the request's log lines.
        extensions: { code: 'SERVICE_UNAVAILABLE', service: 'identity', serviceName: 'identity', requestId: during.headers.get('x-request-id') },
      },
    ]);
    expect(JSON.stringify(during)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
  });

  it("keeps a patient's other fields when one context is down: lab's list is null with SERVICE_UNAVAILABLE at its path", async () => {
    await t.platform.subgraphs.lab!.stop();
    const result = await t.request('query ($id: ID!) { patient(id: $id) { givenName appointments { start } labOrders { status } } }', {
      token: patientToken,
      variables: { id: patientId },
    });
    expect(result.status).toBe(200);
    expect(result.data?.patient).toMatchObject({ givenName: 'Pat', labOrders: null });
    expect(result.data?.patient.appointments.length).toBeGreaterThan(0);
    expect(result.errors).toEqual([
      {
        message: 'The lab service is unavailable (it is not reachable): its fields are missing from this answer. Try again shortly.',
        path: ['patient', 'labOrders'],
        extensions: { code: 'SERVICE_UNAVAILABLE', service: 'lab', serviceName: 'lab', requestId: result.headers.get('x-request-id') },
      },
    ]);
  });
});
