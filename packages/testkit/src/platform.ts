/** Starts the real supergraph for a test (gateway + subgraphs over HTTP, port 0) in either run mode, isolated per run. */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CONFIG_VARIABLES, envSuffix, loadConfig, type Config, type ContextName } from '@caregraph/config';
import { DEMO_PASSWORD } from '@caregraph/demo';
import { SUBGRAPHS, startPlatform, type Platform } from '@caregraph/platform';
import { createLogger, type LogDestination } from '@caregraph/server';
import { createRunState } from './isolation';
import { freePort, startProcess, waitUntilOk, type ServiceProcess } from './processes';

export type Mode = 'embedded' | 'postgres';

const RATE_LIMIT_VARIABLES = CONFIG_VARIABLES.filter((name) => name.startsWith('RATE_LIMIT_'));
const RATE_LIMIT_BUDGETS = RATE_LIMIT_VARIABLES.filter((name) => name !== 'RATE_LIMIT_WINDOW_SECONDS');
export const MODES: Mode[] = ['embedded', 'postgres'];

export type GraphQLResponse<Data = Record<string, any>> = {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
};

export type TestPlatform = {
  mode: Mode;
  config: Config;
  /** The environment `config` was read from (gateway replicas take its rate limits). */
  env: Record<string, string>;
  platform: Platform;
  url: string;
  /** Posts an operation to `url` (the gateway unless another endpoint is given), as a client would. */
  request<Data = Record<string, any>>(
    query: string,
    options?: {
      variables?: Record<string, unknown>;
      token?: string;
      url?: string;
      headers?: Record<string, string>;
      /** A loopback source address (any 127.x.y.z) to send from, for tests about per-client-address limits. */
      from?: string;
    },
  ): Promise<GraphQLResponse<Data> & { status: number; headers: Headers }>;
  /** Signs in (demo password by default) and returns the access token. */
  login(email: string, password?: string): Promise<string>;
  /**
   * SQL statements run by each context since the last reset, from Prisma's query events: `count` leaves out the outbox
   * relay's polling; `writes` lists the INSERT/UPDATE/DELETE statements (the relay's marking of published rows left
   * out), rolled back or not and whether or not they matched a row: `tables` tells what took effect.
   */
  queries: { count(context?: string): number; writes(context?: string): Write[]; reset(): void };
  /**
   * Every table of every context with its row count and newest row version (the transaction that last inserted or
   * updated a row): any committed write changes one of them, a rolled-back one none. Compare two with `changedTables`.
   */
  tables(): Promise<TableStates>;
  stop(): Promise<void>;
};

/** `context.table` → its row count and newest row version. */
export type TableStates = Record<string, string>;

/** The tables whose rows changed between two `tables()` readings. */
export const changedTables = (before: TableStates, after: TableStates) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((table) => before[table] !== after[table]).sort();

/** A write statement a context ran, as Prisma logged it. */
export type Write = { context: string; sql: string };

export type StartOptions = {
  env?: Record<string, string>;
  dataDir?: string;
  /** Where log lines go (stderr by default): tests that read the access log pass a stream. */
  logDestination?: LogDestination;
};

/**
 * embedded: PGlite databases in a fresh temp folder, in-memory revocations.
 * postgres: a fresh database per context on the test PostgreSQL and a fresh Redis key prefix; both removed on stop.
 * Every test file gets its own platform, so files never share state and can run in parallel.
 */
export async function startTestPlatform(mode: Mode, options: StartOptions = {}): Promise<TestPlatform> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'caregraph-test-'));
  const run = mode === 'postgres' ? await createRunState(SUBGRAPHS.map((s) => s.name)) : undefined;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    CAREGRAPH_DATA_DIR: dataDir,
    CAREGRAPH_SEED_DEMO: 'true',
    // Tests send everything from 127.0.0.1 and some send thousands of requests: rate-limit tests set their own budgets.
    ...Object.fromEntries(RATE_LIMIT_BUDGETS.map((name) => [name, '1000000'])),
    ...run?.env,
  };
  Object.assign(env, options.env);
  const config = loadConfig(env);
  const counts = new Map<string, number>();
  const writes: Write[] = [];
  const platform = await startPlatform({
    config,
    logger: createLogger(config.logLevel, {}, options.logDestination),
    ephemeralPorts: true,
    onQuery: (context, event) => {
      // The relay marking outbox rows published (or failed) is bookkeeping, not a change a request made.
      if (/^\s*(INSERT|UPDATE|DELETE)\b/i.test(event.query) && !/^UPDATE outbox_events SET\b/.test(event.query)) writes.push({ context, sql: event.query });
      // The outbox relay polls in the background; only statements a request causes are counted.
      if (/\boutbox_events\b/.test(event.query)) return;
      counts.set(context, (counts.get(context) ?? 0) + 1);
    },
  });
  const url = platform.gateway.url;

  const request: TestPlatform['request'] = async (query, { variables, token, url: target = url, headers = {}, from } = {}) => {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    };
    const response = from ? await postFrom(from, target, init) : await fetch(target, init);
    return { status: response.status, headers: response.headers, ...((await response.json()) as GraphQLResponse<any>) };
  };

  return {
    mode,
    config,
    env,
    platform,
    url,
    request,
    async login(email, password = DEMO_PASSWORD) {
      const result = await request<{ login: { accessToken: string } }>(
        'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
        { variables: { email, password } },
      );
      if (!result.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.accessToken;
    },
    tables: () => tableStates(platform),
    queries: {
      count: (context) => (context ? (counts.get(context) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0)),
      writes: (context) => writes.filter((w) => !context || w.context === context),
      reset: () => {
        counts.clear();
        writes.length = 0;
      },
    },
    async stop() {
      await platform.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      await run?.drop();
    },
  };
}

type RawQueries = { $queryRawUnsafe<T>(sql: string): Promise<T> };
const tableLists = new WeakMap<object, string[]>();

async function tableStates(platform: Platform): Promise<TableStates> {
  const states: TableStates = {};
  for (const [context, service] of Object.entries(platform.services)) {
    const prisma = service.prisma as RawQueries;
    let tables = tableLists.get(prisma);
    if (!tables) {
      const rows = await prisma.$queryRawUnsafe<{ name: string }[]>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
      );
      tables = rows.map((r) => r.name);
      tableLists.set(prisma, tables);
    }
    // xmin is the transaction that wrote a row version: an update gives the row a newer one, a delete lowers the count.
    const union = tables.map((table) => `SELECT '${table}' AS name, count(*)::int AS n, coalesce(max(xmin::text::bigint), 0)::text AS v FROM "${table}"`).join(' UNION ALL ');
    for (const { name, n, v } of await prisma.$queryRawUnsafe<{ name: string; n: number; v: string }[]>(union)) states[`${context}.${name}`] = `${n} rows, newest ${v}`;
  }
  return states;
}

/** fetch cannot choose its source address without undici's Agent; node:http can (`localAddress`). */
function postFrom(localAddress: string, target: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method: init.method, headers: init.headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, String(value));
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Retries `check` until it passes or `timeoutMs` runs out (for effects that arrive through events). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 1000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** The `extensions.code` of each error of a response, in order (undefined when it has none). */
export const errorCodes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code);

export type DemoLogin = 'admin' | 'doctor' | 'doctor2' | 'nurse' | 'patient' | 'patient2' | 'pharmacist' | 'labtech' | 'billing' | 'insurer';

/**
 * For the enclosing `describe`: starts a real platform in `mode` before its tests (unless `skip`), signs in the named
 * demo accounts, and stops it after. `t` forwards to the running platform and `tokens` fills in once it has started,
 * so test bodies use them as plain values.
 */
export function useTestPlatform<Who extends DemoLogin = never>(mode: Mode, options: StartOptions & { skip?: boolean; signIn?: readonly Who[] } = {}) {
  let running: TestPlatform | undefined;
  const tokens = {} as Record<Who, string>;
  const t = new Proxy({} as TestPlatform, {
    get(_target, property) {
      if (!running) throw new Error('The test platform is not running: use it inside a test (or after its beforeAll).');
      const value = running[property as keyof TestPlatform];
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
  beforeAll(async () => {
    if (options.skip) return;
    running = await startTestPlatform(mode, options);
    const who = options.signIn ?? [];
    Object.assign(tokens, Object.fromEntries(await Promise.all(who.map(async (name) => [name, await running!.login(`${name}@demo.test`)]))));
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });
  return { t, tokens };
}

/**
 * Another gateway, as its own `gateway-main.ts` process, in front of `t`'s subgraphs and on its Redis (postgres mode):
 * a replica, as a cluster runs several, with `t`'s rate limits and any `env` given. Resolves once it is ready; stop it
 * with `process.stop()`.
 */
export async function startGatewayReplica(t: TestPlatform, env: Record<string, string> = {}): Promise<{ process: ServiceProcess; url: string }> {
  if (!t.config.redis) throw new Error('A gateway replica needs Redis: start the test platform in postgres mode.');
  const port = await freePort();
  const process = startProcess('packages/platform/src/gateway-main.ts', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    GATEWAY_PORT: String(port),
    REDIS_URL: t.config.redis.url,
    REDIS_KEY_PREFIX: t.config.redis.keyPrefix,
    ...Object.fromEntries(Object.entries(t.platform.subgraphs).map(([name, s]) => [`SUBGRAPH_URL_${envSuffix(name as ContextName)}`, s.url])),
    ...Object.fromEntries(RATE_LIMIT_VARIABLES.filter((name) => name in t.env).map((name) => [name, t.env[name]!])),
    ...env,
  });
  try {
    await waitUntilOk(`http://127.0.0.1:${port}/ready?strict`, 120_000);
  } catch (error) {
    await process.stop();
    throw error;
  }
  return { process, url: `http://127.0.0.1:${port}/graphql` };
}
