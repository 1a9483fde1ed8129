/** Per-run state on the shared PostgreSQL and Redis: fresh databases and a fresh key prefix, removed afterwards. */
import { randomBytes } from 'node:crypto';
import { envSuffix, type ContextName } from '@caregraph/config';
import { Redis } from 'ioredis';
import pg from 'pg';
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from './services';

export type RunState = {
  /** DATABASE_URL_<CONTEXT>, REDIS_URL and REDIS_KEY_PREFIX for this run. */
  env: Record<string, string>;
  drop(): Promise<void>;
};

export async function createRunState(contexts: ContextName[]): Promise<RunState> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const keyPrefix = `caregraph-test:${runId}:`;
  const env: Record<string, string> = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: keyPrefix };
  const databases: string[] = [];
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    for (const context of contexts) {
      const database = `caregraph_test_${runId}_${envSuffix(context).toLowerCase()}`;
      await admin.query(`CREATE DATABASE "${database}"`);
      databases.push(database);
      const url = new URL(TEST_POSTGRES_URL);
      url.pathname = `/${database}`;
      env[`DATABASE_URL_${envSuffix(context)}`] = url.toString();
    }
  } finally {
    await admin.end();
  }
  return { env, drop: () => dropRunState(databases, keyPrefix) };
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
