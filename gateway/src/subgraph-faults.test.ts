/**
 * Subgraph calls and their fault guard on real HTTP: pass-through, refused and silent subgraphs, 5xx without a body,
 * the breaker's whole cycle and its log lines.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@caregraph/server';
import { createSubgraphFaults, requestedPaths, type SubgraphRequest } from './subgraph-faults';
import { SubgraphSource } from './subgraph-source';

// A generous budget (a loaded test machine is slow to make its first connection); the timeout test sets its own.
const limits = { timeoutMs: 5000, breakerFailures: 3, breakerCooldownMs: 300 };

function collectingLogger() {
  const lines: { level: string; msg: string; subgraph?: string; reason?: string }[] = [];
  return { lines, logger: createLogger('info', {}, { write: (line: string) => void lines.push(JSON.parse(line)) }) };
}

const entityRequest = (count: number): SubgraphRequest => ({
  query: 'query($representations:[_Any!]!){_entities(representations:$representations){...on Patient{__typename labOrders{status} recent: labOrders(status: RESULTED){id}}}}',
  variables: { representations: Array.from({ length: count }, (_, i) => ({ __typename: 'Patient', id: String(i) })) },
});
const rootRequest: SubgraphRequest = { query: 'mutation { login(email: "a@b.c", password: "x") { accessToken } }' };

type Answer = { data?: unknown; errors?: { message: string; path?: (string | number)[]; extensions: { code: string; service: string } }[] };

const sources: SubgraphSource[] = [];
/** A data source for `url` as the gateway builds it, with its own faults guard; `outcomes` are what its metrics saw. */
function sourceFor(name: string, url: string, faultLimits = limits, logger = collectingLogger().logger) {
  const faults = createSubgraphFaults(faultLimits, logger);
  const outcomes: string[] = [];
  const source = new SubgraphSource(name, url, faults, (subgraph, outcome) => outcomes.push(`${subgraph} ${outcome}`));
  sources.push(source);
  return { faults, outcomes, ask: async (request: SubgraphRequest) => (await source.process({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request, context: { clientAddress: '127.0.0.1', clientAddressHeaders: {} }, incomingRequestContext: {} as never })) as Answer };
}

async function serve(listener: RequestListener) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

describe('subgraph faults', () => {
  let up: ReturnType<typeof createServer>;
  let upUrl: string;
  let downUrl: string;
  beforeAll(async () => {
    ({ server: up, url: upUrl } = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}')));
    // A port that was just free and is closed again: connections are refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    downUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/graphql`;
    await new Promise((resolve) => closed.close(resolve));
  });
  afterAll(async () => {
    await Promise.all(sources.map((source) => source.close()));
    await new Promise((resolve) => up.close(resolve));
  });

  it('passes a working answer through untouched', async () => {
    const source = sourceFor('lab', upUrl);
    expect(await source.ask(rootRequest)).toEqual({ data: { ok: true } });
    expect(source.outcomes).toEqual(['lab ok']);
  });

  it('asks for each entity once and answers every copy of it, errors included', async () => {
    const received: unknown[] = [];
    const { server, url } = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk)).on('end', () => {
        const { representations } = JSON.parse(body).variables as { representations: { id: string }[] };
        received.push(representations);
        const entities = representations.map(({ id }) => (id === '1' ? null : { __typename: 'Patient', labOrders: [{ status: `of ${id}` }] }));
        const errors = [{ message: 'Not yours.', path: ['_entities', representations.findIndex(({ id }) => id === '1'), 'labOrders'], extensions: { code: 'FORBIDDEN' } }];
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { _entities: entities }, errors }));
      });
    });
    const request = entityRequest(3);
    request.variables!.representations = ['0', '1', '0', '2', '1'].map((id) => ({ __typename: 'Patient', id }));
    const answer = await sourceFor('lab', url).ask(request);
    server.close();
    expect(received).toEqual([['0', '1', '2'].map((id) => ({ __typename: 'Patient', id }))]);
    expect(answer.data).toEqual({ _entities: ['0', null, '0', '2', null].map((id) => id && { __typename: 'Patient', labOrders: [{ status: `of ${id}` }] }) });
    expect(answer.errors!.map((e) => e.path)).toEqual([
      ['_entities', 1, 'labOrders'],
      ['_entities', 4, 'labOrders'],
    ]);
  });

  it('answers a refused connection with SERVICE_UNAVAILABLE on every field asked for, per entity', async () => {
    const source = sourceFor('lab', downUrl);
    const answer = await source.ask(entityRequest(2));
    expect(source.outcomes).toEqual(['lab unavailable']);
    expect(answer.data).toBeNull();
    expect(answer.errors!.map((e) => e.path)).toEqual([
      ['_entities', 0, 'labOrders'],
      ['_entities', 0, 'recent'],
      ['_entities', 1, 'labOrders'],
      ['_entities', 1, 'recent'],
    ]);
    expect(answer.errors![0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', service: 'lab' } });
    expect(answer.errors![0]!.message).toBe('The lab service is unavailable (it is not reachable): its fields are missing from this answer. Try again shortly.');
    expect(JSON.stringify(answer)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('gives up on a call after the time budget', async () => {
    // Accepts the request and never answers.
    const { server: silent, url } = await serve(() => undefined);
    const { ask } = sourceFor('ehr', url, { ...limits, timeoutMs: 200 });
    const started = Date.now();
    const answer = await ask(rootRequest);
    silent.closeAllConnections();
    silent.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answer.errors).toEqual([
      { message: expect.stringContaining('(it did not answer within 200 ms)'), path: ['login'], extensions: { code: 'SERVICE_UNAVAILABLE', service: 'ehr' } },
    ]);
  });

  it('counts a 5xx without a GraphQL body as a failure', async () => {
    const { server, url } = await serve((_req, res) => res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway'));
    const answer = await sourceFor('billing', url).ask(rootRequest);
    server.close();
    expect(answer.errors![0]!.message).toContain('(it answered HTTP 502)');
  });

  it('passes a JSON error answer through whatever its status, and makes a non-JSON 4xx an error of that call only', async () => {
    const { server, url } = await serve((req, res) =>
      req.url === '/graphql'
        ? res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"The access token is invalid.","extensions":{"code":"UNAUTHENTICATED"}}]}')
        : res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'),
    );
    const { faults, ask, outcomes } = sourceFor('identity', url, { ...limits, breakerFailures: 1 });
    expect(await ask(rootRequest)).toEqual({ errors: [{ message: 'The access token is invalid.', extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(outcomes).toEqual(['identity error']);
    const wrongPath = sourceFor('identity', url.replace('/graphql', '/elsewhere'), { ...limits, breakerFailures: 1 });
    expect((await wrongPath.ask(rootRequest)).errors).toEqual([
      { message: 'The identity service answered HTTP 404 without a GraphQL response.', extensions: { code: 'INTERNAL_SERVER_ERROR', service: 'identity' } },
    ]);
    // Neither opened a circuit, though one failure would.
    expect(faults.circuits()).toEqual({ identity: 'closed' });
    expect(wrongPath.faults.circuits()).toEqual({ identity: 'closed' });
    server.close();
  });

  it('opens after consecutive failures, fails fast while open, probes after the cool-down and closes on success', async () => {
    const { lines, logger } = collectingLogger();
    let healthy = false;
    let calls = 0;
    const { server: flaky, url } = await serve((_req, res) => {
      calls++;
      if (healthy) res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}');
      else res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    });
    const { faults, ask } = sourceFor('lab', url, limits, logger);
    const call = () => ask(rootRequest);

    for (let i = 0; i < limits.breakerFailures; i++) await call();
    expect(faults.circuits()).toEqual({ lab: 'open' });
    expect(calls).toBe(limits.breakerFailures);
    const whileOpen = await call();
    expect(calls).toBe(limits.breakerFailures);
    expect(whileOpen.errors![0]!.message).toContain('(its circuit is open after repeated failures)');

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
    expect(lines[0]!.reason).toBe('it answered HTTP 503');
    flaky.close();
  });

  it('reads the fields asked for through aliases and named fragments', () => {
    expect(requestedPaths({ query: 'query { me { id } ...F } fragment F on Query { who: me { id } __typename }' })).toEqual([['me'], ['who']]);
    expect(requestedPaths({ query: 'not graphql' })).toEqual([]);
  });
});
