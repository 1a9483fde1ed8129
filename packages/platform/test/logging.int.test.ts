/** Access log: one line per request at the gateway and at every subgraph it calls, all carrying the same request id. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePlatformPorts, startProcess, startTestPlatform, type TestPlatform } from '@caregraph/testkit';

type Line = Record<string, unknown> & { msg: string; level: string; time: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const CARE_TEAM_QUERY = 'query MyCareTeam { me { patient { mrn careTeam { practitioner { familyName } } } } }';

// The embedded platform only: the access log sits in the HTTP layer, which is the same code on PostgreSQL.
describe('access log (embedded platform, LOG_LEVEL=info)', () => {
  let platform: TestPlatform;
  const lines: Line[] = [];
  const accessLines = (requestId: string) => lines.filter((l) => l.msg === 'request' && l.requestId === requestId);

  async function post(query: string, headers: Record<string, string> = {}) {
    const response = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return { requestId: response.headers.get('x-request-id'), body: (await response.json()) as { errors?: { extensions?: { code?: string; requestId?: string } }[] } };
  }

  beforeAll(async () => {
    platform = await startTestPlatform('embedded', {
      env: { LOG_LEVEL: 'info' },
      logDestination: { write: (chunk: string) => void lines.push(...chunk.trim().split('\n').map((l) => JSON.parse(l) as Line)) },
    });
  });
  afterAll(() => platform?.stop());

  it('writes one line at the gateway and one at each subgraph called, under the id the client chose', async () => {
    const token = await platform.login('patient@demo.test');
    const { requestId, body } = await post(CARE_TEAM_QUERY, { authorization: `Bearer ${token}`, 'x-request-id': 'client-chosen.id:42' });
    expect(body.errors).toBeUndefined();
    expect(requestId).toBe('client-chosen.id:42');

    const found = await eventually(async () => {
      const mine = accessLines('client-chosen.id:42');
      expect(mine.filter((l) => l.service === 'gateway')).toHaveLength(1);
      return mine;
    });
    const gateway = found.find((l) => l.service === 'gateway')!;
    expect(gateway).toMatchObject({
      level: 'info',
      method: 'POST',
      operation: 'MyCareTeam',
      operationType: 'query',
      viewerId: expect.any(String),
      role: 'PATIENT',
      status: 200,
      errorCodes: [],
    });
    expect(gateway.durationMs).toEqual(expect.any(Number));
    expect(Date.parse(gateway.time)).not.toBeNaN();

    // identity → patients → care-team: each subgraph logs its part of the plan under the same id and viewer.
    const subgraphLines = found.filter((l) => l.subgraph);
    expect([...new Set(subgraphLines.map((l) => l.subgraph))].sort()).toEqual(['care-team', 'identity', 'patients']);
    for (const line of subgraphLines) expect(line).toMatchObject({ viewerId: gateway.viewerId, role: 'PATIENT', status: 200, errorCodes: [] });
  });

  it('replaces a malformed or missing request id with a fresh UUID, returned to the client', async () => {
    const malformed = await post('{ __typename }', { 'x-request-id': 'x'.repeat(129) });
    const missing = await post('{ __typename }');
    for (const { requestId } of [malformed, missing]) {
      expect(requestId).toMatch(UUID);
      await eventually(async () => expect(accessLines(requestId!)).toEqual([expect.objectContaining({ service: 'gateway', viewerId: null, role: null, status: 200 })]));
    }
    expect(malformed.requestId).not.toBe(missing.requestId);
  });

  it('records the error codes of a denied operation, which never reaches a subgraph', async () => {
    const token = await platform.login('patient@demo.test');
    const { requestId, body } = await post('query AllUsers { users(first: 5) { totalCount } }', { authorization: `Bearer ${token}` });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    // The error names the request, so what a client reports finds these lines.
    expect(body.errors?.map((e) => e.extensions?.requestId)).toEqual([requestId]);
    await eventually(async () =>
      expect(accessLines(requestId!)).toEqual([expect.objectContaining({ service: 'gateway', operation: 'AllUsers', role: 'PATIENT', errorCodes: ['FORBIDDEN'] })]),
    );
  });

  it('records UNAUTHENTICATED for a bad token, with no viewer', async () => {
    const { requestId, body } = await post('query Me { me { email } }', { authorization: 'Bearer not-a-token', 'x-request-id': 'bad-token-1' });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(requestId).toBe('bad-token-1');
    // Refused while building the request's context, before any Apollo plugin runs: the error still carries the id.
    expect(body.errors?.map((e) => e.extensions?.requestId)).toEqual(['bad-token-1']);
    await eventually(async () =>
      expect(accessLines('bad-token-1')).toEqual([expect.objectContaining({ service: 'gateway', operation: 'Me', viewerId: null, errorCodes: ['UNAUTHENTICATED'] })]),
    );
  });
});

describe('npm start with LOG_LEVEL=info and a .env file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caregraph-logs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the .env file, lets the real environment win, and writes access lines as JSON on stderr', async () => {
    const ports = await freePlatformPorts();
    const envFile = join(dir, 'test.env');
    // LOG_LEVEL in the file is overridden by the real environment below; the ports come from the file only.
    writeFileSync(envFile, [`CAREGRAPH_DATA_DIR=${join(dir, 'data')}`, 'LOG_LEVEL=error', ...Object.entries(ports).map(([k, v]) => `${k}=${v}`)].join('\n'));
    const started = startProcess('packages/platform/src/main.ts', { CAREGRAPH_ENV_FILE: envFile, LOG_LEVEL: 'info' });
    try {
      const [, url] = (await started.waitFor(/GraphQL API\s+(\S+)/)) as RegExpMatchArray;
      expect(url).toBe(`http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`);
      const response = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'from-npm-start' }, body: '{"query":"query Ping { __typename }"}' });
      expect(response.headers.get('x-request-id')).toBe('from-npm-start');
      const [line] = await started.waitFor(/^\{.*"requestId":"from-npm-start".*\}$/m);
      expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'request', service: 'gateway', operation: 'Ping', status: 200 });
    } finally {
      expect(await started.stop(), started.output()).toBe(0);
    }
  }, 120_000);
});
