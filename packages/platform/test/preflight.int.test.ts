/** Startup failures a person can act on: real processes meet a taken port, a closed Redis port, a missing database. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@caregraph/config';
import { preflight, StartupError } from '@caregraph/server';
import { freePlatformPorts, freePort, startProcess, TEST_POSTGRES_URL } from '@caregraph/testkit';
import { SUBGRAPH_NAMES } from '../src/subgraph-names';
import { SUBGRAPHS } from '../src/subgraphs';

const dataDir = mkdtempSync(join(tmpdir(), 'caregraph-preflight-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A real server holding a port, as another program would. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}
const missingDatabaseUrl = () => {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = '/caregraph_no_such_database';
  return url.toString();
};

/** Runs an entry point to its exit; returns code, output and how long it took from spawn. */
async function runToExit(script: string, env: Record<string, string>, args: string[] = []) {
  const started = Date.now();
  const child = startProcess(script, { CAREGRAPH_DATA_DIR: dataDir, ...env }, args);
  const timer = setTimeout(() => void child.stop(), 60_000);
  const code = await child.exited;
  clearTimeout(timer);
  return { code, output: child.output(), seconds: (Date.now() - started) / 1000 };
}

// Spawning node with tsx alone takes seconds on a busy machine; the bound is generous, the data folder proves "before migrating".
const PROCESS_BOUND_S = 30;

describe('startup preflight', () => {
  it('npm start checks the ports of exactly the subgraphs it runs', () => {
    expect(SUBGRAPH_NAMES).toEqual(SUBGRAPHS.map((s) => s.name));
  });

  it('npm start: PORT_PATIENTS in use fails fast, names the variable, migrates nothing and prints no stack', async () => {
    const taken = await occupy();
    try {
      const { code, output, seconds } = await runToExit('packages/platform/src/main.ts', {
        ...(await freePlatformPorts()),
        PORT_PATIENTS: String(taken.port),
      });
      expect(code).toBe(1);
      expect(output).toContain(`PORT_PATIENTS ${taken.port} is in use`);
      expect(output).not.toMatch(/^\s+at /m);
      expect(seconds).toBeLessThan(PROCESS_BOUND_S);
      expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
    } finally {
      taken.server.close();
    }
  });

  it('the gateway process: GATEWAY_PORT in use', async () => {
    const taken = await occupy();
    try {
      const { code, output } = await runToExit('packages/platform/src/gateway-main.ts', { GATEWAY_PORT: String(taken.port) });
      expect(code).toBe(1);
      expect(output).toContain(`GATEWAY_PORT ${taken.port} is in use`);
      expect(output).not.toMatch(/^\s+at /m);
    } finally {
      taken.server.close();
    }
  });

  it('a subgraph process: its missing database and an unreachable Redis, both named at once', async () => {
    const closed = await freePort();
    const { code, output, seconds } = await runToExit(
      'packages/platform/src/subgraph-main.ts',
      { PORT_PATIENTS: String(await freePort()), DATABASE_URL_PATIENTS: missingDatabaseUrl(), REDIS_URL: `redis://127.0.0.1:${closed}` },
      ['patients'],
    );
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL_PATIENTS: database "caregraph_no_such_database" does not exist');
    expect(output).toContain(`Redis at REDIS_URL redis://127.0.0.1:${closed} is unreachable (ECONNREFUSED)`);
    expect(output).not.toMatch(/^\s+at /m);
    expect(seconds).toBeLessThan(PROCESS_BOUND_S);
  });

  it('answers within 2 s per check, and passes when everything is in order', async () => {
    const taken = await occupy();
    const closedPostgres = `postgresql://postgres@127.0.0.1:${await freePort()}/caregraph`;
    try {
      const config = loadConfig({
        PORT_PATIENTS: String(taken.port),
        PORT_IDENTITY: String(await freePort()),
        GATEWAY_PORT: String(await freePort()),
        DATABASE_URL_IDENTITY: closedPostgres,
      });
      const started = Date.now();
      const error = await preflight(config, { contexts: ['identity', 'patients'], gateway: true }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as StartupError).problems).toEqual([
        expect.stringMatching(new RegExp(`^PORT_PATIENTS ${taken.port} is in use`)),
        expect.stringMatching(/^DATABASE_URL_IDENTITY: PostgreSQL at 127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)$/),
      ]);
    } finally {
      taken.server.close();
    }
    const healthy = loadConfig({ GATEWAY_PORT: String(await freePort()), PORT_IDENTITY: String(await freePort()), DATABASE_URL_IDENTITY: TEST_POSTGRES_URL });
    await expect(preflight(healthy, { contexts: ['identity'], gateway: true })).resolves.toBeUndefined();
  });
});
