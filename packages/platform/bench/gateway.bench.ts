/**
 * `npm run bench` (embedded PGlite) or `npm run bench -- --postgres` (fresh PostgreSQL databases and Redis prefix, removed
 * afterwards): embedded start-up figures first (bench/startup.ts), then latency of typical operations through the real
 * gateway and subgraphs over loopback HTTP.
 * Prints numbers; it asserts nothing. Bounded: a fixed number of requests, then it stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@caregraph/config';
import { createLogger } from '@caregraph/server';
import { createRunState } from '@caregraph/testkit';
import { startPlatform } from '../src/platform';
import { measureStartup } from './startup';
import { SUBGRAPHS } from '../src/subgraphs';

const REQUESTS = 500;
const CONCURRENCY = 4;
const dataDir = mkdtempSync(join(tmpdir(), 'caregraph-bench-'));
const run = process.argv.includes('--postgres') ? await createRunState(SUBGRAPHS.map((s) => s.name)) : undefined;
// Start-up is an embedded-mode figure (PostgreSQL's own start is not ours); `--no-startup` skips it.
if (!run && !process.argv.includes('--no-startup')) await measureStartup();
const started = performance.now();
// One account sends every request, far beyond a person's rate limit: the limits are measured, not tripped.
const unlimited = { RATE_LIMIT_READS_PER_USER: '1000000000', RATE_LIMIT_READS_PER_ADDRESS: '1000000000', RATE_LIMIT_WRITES_PER_USER: '1000000000', RATE_LIMIT_WRITES_PER_ADDRESS: '1000000000' };
const config = loadConfig({ CAREGRAPH_DATA_DIR: dataDir, LOG_LEVEL: 'error', CAREGRAPH_SEED_DEMO: 'true', ...unlimited, ...run?.env });
const platform = await startPlatform({ config, logger: createLogger('error'), ephemeralPorts: true });
const startup = performance.now() - started;

const post = async (query: string, variables: object = {}, token?: string) => {
  const response = await fetch(platform.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
};
const login = async (email: string) =>
  (await post('mutation ($e: String!) { login(email: $e, password: "demo-password") { accessToken } }', { e: email })).login.accessToken as string;

async function measure(name: string, run: () => Promise<unknown>, requests = REQUESTS) {
  for (let i = 0; i < 20; i++) await run(); // warm-up: query plans and connections
  const timings: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < requests) {
        const start = performance.now();
        await run();
        timings.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  timings.sort((a, b) => a - b);
  const at = (p: number) => timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))]!.toFixed(2);
  console.log(`${name.padEnd(44)} ${String(timings.length).padStart(5)} req  ${(timings.length / seconds).toFixed(0).padStart(5)} req/s  p50 ${at(50)} ms  p95 ${at(95)} ms  p99 ${at(99)} ms`);
}

try {
  const patient = await login('patient@demo.test');
  const admin = await login('admin@demo.test');
  console.log(`${run ? 'PostgreSQL + Redis' : 'embedded PGlite'}: startup with demo data ${(startup / 1000).toFixed(1)} s; ${CONCURRENCY} concurrent clients\n`);
  await measure('me { email } (identity)', () => post('{ me { email } }', {}, patient));
  await measure('me { patient { careTeam { practitioner } } }', () => post('{ me { patient { givenName careTeam { practitioner { familyName } } } } }', {}, patient));
  await measure('patients(first: 20) with care teams (ADMIN)', () => post('{ patients(first: 20) { nodes { givenName careTeam { practitioner { familyName } } } } }', {}, admin));
  await measure('denied at the gateway (users as PATIENT)', () => post('{ users { totalCount } }', {}, patient).catch(() => undefined));
  await measure('login (scrypt N=2^15)', () => login('nurse@demo.test'), 40);
} finally {
  await platform.stop();
  await run?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
