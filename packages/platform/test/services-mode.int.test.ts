/**
 * Services mode as docker-compose runs it, minus Docker: `npm run db:migrate`, each subgraph and the gateway as their
 * own production processes on PostgreSQL and Redis, the gateway on a static supergraph, every process exporting its
 * traces to one collector.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../src/subgraphs';
import {
  createRunState,
  eventually,
  freePort,
  realServicesMissing,
  startProcess,
  startTraceCollector,
  waitUntilOk,
  type RunState,
  type ServiceProcess,
  errorCodes as codes,
} from '@caregraph/testkit';
import { envSuffix } from '@caregraph/config';

const missing = await realServicesMissing('services-mode');

async function post(url: string, query: string, variables: object = {}, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

describe.skipIf(!!missing)('services mode (separate production processes, PostgreSQL + Redis)', () => {
  let run: RunState;
  const processes: ServiceProcess[] = [];
  let gatewayUrl: string;
  const subgraphUrls: Record<string, string> = {};
  let collector: Awaited<ReturnType<typeof startTraceCollector>>;

  beforeAll(async () => {
    run = await createRunState(SUBGRAPHS.map((s) => s.name));
    collector = await startTraceCollector();
    const env = {
      ...run.env,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    };
    const migrate = startProcess('packages/db/src/cli/migrate.ts', env);
    expect(await migrate.exited, migrate.output()).toBe(0);
    expect(migrate.output()).toMatch(/identity: applied \d+_init/);

    // Two gateway processes on one port, as GATEWAY_WORKERS runs them to use every core.
    const gatewayEnv: Record<string, string> = { ...env, GATEWAY_PORT: String(await freePort()), GATEWAY_WORKERS: '2' };
    for (const { name } of SUBGRAPHS) {
      const port = await freePort();
      subgraphUrls[name] = `http://127.0.0.1:${port}/graphql`;
      gatewayEnv[`SUBGRAPH_URL_${envSuffix(name)}`] = subgraphUrls[name]!;
      processes.push(startProcess('packages/platform/src/subgraph-main.ts', { ...env, [`PORT_${envSuffix(name)}`]: String(port) }, [name]));
    }
    processes.push(startProcess('packages/platform/src/gateway-main.ts', gatewayEnv));
    gatewayUrl = `http://127.0.0.1:${gatewayEnv.GATEWAY_PORT}/graphql`;
    // Twelve processes compiling TypeScript at once on two cores shared with the other test files: allow for it.
    await waitUntilOk(gatewayUrl.replace('/graphql', '/ready?strict'), 180_000);
  }, 240_000);

  afterAll(async () => {
    const codes = await Promise.all(processes.map((p) => p.stop()));
    await run?.drop();
    await collector?.stop();
    expect(codes.every((code) => code === 0), processes.map((p) => p.output()).join('\n')).toBe(true);
  });

  it('runs GATEWAY_WORKERS gateway processes behind one port', async () => {
    const gateway = processes.at(-1)!;
    const workers = readFileSync(`/proc/${gateway.child.pid}/task/${gateway.child.pid}/children`, 'utf8').trim().split(/\s+/);
    expect(workers).toHaveLength(2);
    // Many connections, each answered by one of them.
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(gatewayUrl, '{ __typename }')));
    expect(answers.every((a) => a.data?.__typename === 'Query')).toBe(true);
  });

  it('seeds no demo data and serves no introspection in production', async () => {
    expect(codes(await post(gatewayUrl, 'mutation { login(email: "admin@demo.test", password: "demo-password") { accessToken } }'))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const introspection = await post(gatewayUrl, '{ __schema { types { name } } }');
    expect(introspection.data ?? null).toBeNull();
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('shares revocations through Redis: after logout at the gateway the subgraph process refuses the token too', async () => {
    const register = await post(gatewayUrl, 'mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
      i: { email: `svc-${randomBytes(4).toString('hex')}@example.org`, password: 'services mode works', givenName: 'Ser', familyName: 'Vice', birthDate: '1975-05-05' },
    });
    const token = register.data?.register.accessToken as string;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await post(subgraphUrls.identity!, '{ me { role } }', {}, token)).data).toEqual({ me: { role: 'PATIENT' } });
    expect((await post(gatewayUrl, 'mutation { logout }', {}, token)).data).toEqual({ logout: true });
    expect(codes(await post(gatewayUrl, '{ me { role } }', {}, token))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await post(subgraphUrls.identity!, '{ me { role } }', {}, token))).toEqual(['UNAUTHENTICATED']);
  });

  it("answers /metrics for both gateway workers together, whichever one a scrape reaches", async () => {
    const name = `Ping${randomBytes(3).toString('hex')}`;
    // Many connections, so both workers answer some of them.
    await Promise.all(Array.from({ length: 20 }, () => post(gatewayUrl, `query ${name} { __typename }`)));
    const pattern = new RegExp(`^caregraph_graphql_request_duration_seconds_count\\{[^}]*operation="${name}"[^}]*\\} (\\d+)$`, 'm');
    for (let scrape = 0; scrape < 6; scrape++) {
      const text = await (await fetch(gatewayUrl.replace('/graphql', '/metrics'))).text();
      expect(Number(pattern.exec(text)?.[1])).toBe(20);
    }
    // A subgraph process has Node's own metrics, and its outbox and consumers.
    const patients = await (await fetch(subgraphUrls.patients!.replace('/graphql', '/metrics'))).text();
    expect(patients).toMatch(/^caregraph_process_resident_memory_bytes\{service="patients"\} \d+/m);
    expect(patients).toMatch(/^caregraph_outbox_pending_events\{service="patients"\} \d+$/m);
  });

  it("follows a registration's trace from the gateway process to identity's and on, through Redis Streams, to the patients consumer", async () => {
    const email = `trace-${randomBytes(4).toString('hex')}@example.org`;
    const registered = await post(gatewayUrl, 'mutation Register($i: RegisterInput!) { register(input: $i) { accessToken } }', {
      i: { email, password: 'traces cross processes', givenName: 'Tra', familyName: 'Ce', birthDate: '1980-01-01' },
    });
    expect(registered.errors).toBeUndefined();
    const { root, spans } = await eventually(async () => {
      const root = collector.spans.find((s) => s.service === 'caregraph-gateway' && s.kind === 2 && s.name === 'mutation Register' && s.attributes['caregraph.request_id']);
      expect(root).toBeDefined();
      const spans = collector.spans.filter((s) => s.traceId === root!.traceId);
      // Each process exports its own spans, batched: wait until all three have.
      expect(spans.some((s) => s.service === 'caregraph-identity' && s.kind === 2)).toBe(true);
      expect(spans.some((s) => s.service === 'caregraph-patients' && s.kind === 5)).toBe(true);
      return { root: root!, spans };
    }, 20_000);
    const identity = spans.find((s) => s.service === 'caregraph-identity' && s.kind === 2)!;
    expect(identity).toMatchObject({ name: 'mutation Register' });
    expect(spans.find((s) => s.spanId === identity.parentSpanId)).toMatchObject({ service: 'caregraph-gateway', name: 'gateway.fetch' });
    expect(spans.some((s) => s.service === 'caregraph-identity' && s.name === 'prisma:client:db_query' && /INSERT INTO .*users/.test(String(s.attributes['db.query.text'])))).toBe(true);
    const consumer = spans.find((s) => s.service === 'caregraph-patients' && s.kind === 5)!;
    expect(consumer.name).toBe('identity.user.registered process');
    expect(root.parentSpanId).toBeUndefined();
  });
});
