/** Starts the real supergraph for a test (gateway + subgraphs over HTTP, port 0) in either run mode, isolated per run. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envSuffix, loadConfig, type Config } from '@caregraph/config';
import { DEMO_PASSWORD } from '@caregraph/demo';
import { SUBGRAPHS, startPlatform, type Platform } from '@caregraph/platform';
import { createLogger } from '@caregraph/server';
import { Redis } from 'ioredis';
import pg from 'pg';
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from './services';

export type Mode = 'embedded' | 'postgres';
export const MODES: Mode[] = ['embedded', 'postgres'];

export type GraphQLResponse<Data = Record<string, any>> = {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
};

export type TestPlatform = {
  mode: Mode;
  config: Config;
  platform: Platform;
  url: string;
  /** Posts an operation to `url` (the gateway unless another endpoint is given), as a client would. */
  request<Data = Record<string, any>>(
    query: string,
    options?: { variables?: Record<string, unknown>; token?: string; url?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<Data> & { status: number }>;
  /** Signs in (demo password by default) and returns the access token. */
  login(email: string, password?: string): Promise<string>;
  /** SQL statements run by each context since the last reset, from Prisma's query events. */
  queries: { count(context?: string): number; reset(): void };
  stop(): Promise<void>;
};

export type StartOptions = { env?: Record<string, string>; dataDir?: string };

/**
 * embedded: PGlite databases in a fresh temp folder, in-memory revocations.
 * postgres: a fresh database per context on the test PostgreSQL and a fresh Redis key prefix; both removed on stop.
 */
export async function startTestPlatform(mode: Mode, options: StartOptions = {}): Promise<TestPlatform> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'caregraph-test-'));
  const env: Record<string, string> = { NODE_ENV: 'test', LOG_LEVEL: 'error', CAREGRAPH_DATA_DIR: dataDir, CAREGRAPH_SEED_DEMO: 'true' };
  const databases: string[] = [];
  const keyPrefix = `caregraph-test:${runId}:`;
  if (mode === 'postgres') {
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      for (const { name } of SUBGRAPHS) {
        const database = `caregraph_test_${runId}_${envSuffix(name).toLowerCase()}`;
        await admin.query(`CREATE DATABASE "${database}"`);
        databases.push(database);
        const url = new URL(TEST_POSTGRES_URL);
        url.pathname = `/${database}`;
        env[`DATABASE_URL_${envSuffix(name)}`] = url.toString();
      }
    } finally {
      await admin.end();
    }
    env.REDIS_URL = TEST_REDIS_URL;
    env.REDIS_KEY_PREFIX = keyPrefix;
  }
  Object.assign(env, options.env);
  const config = loadConfig(env);
  const counts = new Map<string, number>();
  const platform = await startPlatform({
    config,
    logger: createLogger(config.logLevel),
    ephemeralPorts: true,
    onQuery: (context) => counts.set(context, (counts.get(context) ?? 0) + 1),
  });
  const url = platform.gateway.url;

  const request: TestPlatform['request'] = async (query, { variables, token, url: target = url, headers = {} } = {}) => {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as GraphQLResponse<any>) };
  };

  return {
    mode,
    config,
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
    queries: {
      count: (context) => (context ? (counts.get(context) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0)),
      reset: () => counts.clear(),
    },
    async stop() {
      await platform.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (mode === 'postgres') await dropRunState(databases, keyPrefix);
    },
  };
}

async function dropRunState(databases: string[], keyPrefix: string) {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    for (const database of databases) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
