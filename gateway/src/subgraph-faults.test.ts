/** The subgraph fault guard on real HTTP: pass-through, refused and silent subgraphs, 5xx without a body, the breaker's whole cycle and its log lines. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@caregraph/server';
import { createSubgraphFaults, requestedPaths, type SubgraphFetch } from './subgraph-faults';

// A generous budget (a loaded test machine is slow to make its first connection); the timeout test sets its own.
const limits = { timeoutMs: 5000, breakerFailures: 3, breakerCooldownMs: 300 };

function collectingLogger() {
  const lines: { level: string; msg: string; subgraph?: string; reason?: string }[] = [];
  return { lines, logger: createLogger('info', {}, { write: (line: string) => void lines.push(JSON.parse(line)) }) };
}

const entityBody = (count: number) =>
  JSON.stringify({
    query: 'query($representations:[_Any!]!){_entities(representations:$representations){...on Patient{__typename labOrders{status} recent: labOrders(status: RESULTED){id}}}}',
    variables: { representations: Array.from({ length: count }, (_, i) => ({ __typename: 'Patient', id: String(i) })) },
  });
const rootBody = JSON.stringify({ query: 'mutation { login(email: "a@b.c", password: "x") { accessToken } }' });

type Answer = { data: unknown; errors: { message: string; path?: (string | number)[]; extensions: { code: string; service: string } }[] };

describe('subgraph faults', () => {
  let up: ReturnType<typeof createServer>;
  let upUrl: string;
  let downUrl: string;
  beforeAll(async () => {
    up = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}'));
    await new Promise<void>((resolve) => up.listen(0, '127.0.0.1', resolve));
    upUrl = `http://127.0.0.1:${(up.address() as AddressInfo).port}/graphql`;
    // A port that was just free and is closed again: connections are refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    downUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/graphql`;
    await new Promise((resolve) => closed.close(resolve));
  });
  afterAll(() => new Promise((resolve) => up.close(resolve)));

  it('passes a working answer through untouched', async () => {
    const guarded = createSubgraphFaults(limits, collectingLogger().logger).guard('lab', fetch);
    const response = await guarded(upUrl, { method: 'POST', body: rootBody });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { ok: true } });
  });

  it('answers a refused connection with SERVICE_UNAVAILABLE on every field asked for, per entity', async () => {
    const guarded = createSubgraphFaults(limits, collectingLogger().logger).guard('lab', fetch);
    const answer = (await (await guarded(downUrl, { method: 'POST', body: entityBody(2) })).json()) as Answer;
    expect(answer.data).toBeNull();
    expect(answer.errors.map((e) => e.path)).toEqual([
      ['_entities', 0, 'labOrders'],
      ['_entities', 0, 'recent'],
      ['_entities', 1, 'labOrders'],
      ['_entities', 1, 'recent'],
    ]);
    expect(answer.errors[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', service: 'lab' } });
    expect(answer.errors[0]!.message).toBe('The lab service is unavailable (it is not reachable): its fields are missing from this answer. Try again shortly.');
    expect(JSON.stringify(answer)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('gives up on a call after the time budget', async () => {
    // Accepts the request and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const guarded = createSubgraphFaults({ ...limits, timeoutMs: 200 }, collectingLogger().logger).guard('ehr', fetch);
    const started = Date.now();
    const answer = (await (await guarded(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/graphql`, { method: 'POST', body: rootBody })).json()) as Answer;
    silent.closeAllConnections();
    silent.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answer.errors).toEqual([
      { message: expect.stringContaining('(it did not answer within 200 ms)'), path: ['login'], extensions: { code: 'SERVICE_UNAVAILABLE', service: 'ehr' } },
    ]);
  });

  it('counts a 5xx without a GraphQL body as a failure', async () => {
    const proxy: SubgraphFetch = async () => new Response('Bad Gateway', { status: 502 });
    const guarded = createSubgraphFaults(limits, collectingLogger().logger).guard('billing', proxy);
    const answer = (await (await guarded(upUrl, { method: 'POST', body: rootBody })).json()) as Answer;
    expect(answer.errors[0]!.message).toContain('(it answered HTTP 502)');
  });

  it('opens after consecutive failures, fails fast while open, probes after the cool-down and closes on success', async () => {
    const { lines, logger } = collectingLogger();
    const faults = createSubgraphFaults(limits, logger);
    let healthy = false;
    let calls = 0;
    const flaky: SubgraphFetch = async (url, init) => {
      calls++;
      return fetch(healthy ? upUrl : url, init);
    };
    const guarded = faults.guard('lab', flaky);
    const call = async () => (await (await guarded(downUrl, { method: 'POST', body: rootBody })).json()) as Answer;

    for (let i = 0; i < limits.breakerFailures; i++) await call();
    expect(faults.circuits()).toEqual({ lab: 'open' });
    expect(calls).toBe(limits.breakerFailures);
    const whileOpen = await call();
    expect(calls).toBe(limits.breakerFailures);
    expect(whileOpen.errors[0]!.message).toContain('(its circuit is open after repeated failures)');

    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, limits.breakerCooldownMs + 50));
    expect(await call()).toEqual({ data: { ok: true } });
    expect(faults.circuits()).toEqual({ lab: 'closed' });
    for (let i = 0; i < 5; i++) await call();

    expect(lines.map((l) => [l.level, l.msg, l.subgraph])).toEqual([
      ['warn', 'subgraph circuit open: its fields answer SERVICE_UNAVAILABLE at once', 'lab'],
      ['info', 'subgraph circuit half-open: one probe call', 'lab'],
      ['info', 'subgraph circuit closed: answering again', 'lab'],
    ]);
    expect(lines[0]!.reason).toBe('it is not reachable');
  });

  it('reads the fields asked for through aliases and named fragments', () => {
    const body = JSON.stringify({ query: 'query { me { id } ...F } fragment F on Query { who: me { id } __typename }' });
    expect(requestedPaths(body)).toEqual([['me'], ['who']]);
    expect(requestedPaths('not json')).toEqual([]);
  });
});
