/**
 * The real PostgreSQL and Redis that integration tests use. The test kit is the one place outside @caregraph/config
 * that reads the environment: it decides where tests find those services and whether they may be skipped.
 */
import { Redis } from 'ioredis';
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** In CI the services must be there: a missing one fails the run instead of skipping tests. */
export const REQUIRE_SERVICES = process.env.CI === 'true' || process.env.CI === '1';

async function postgresUp(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${TEST_POSTGRES_URL} is not reachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisUp(): Promise<string | undefined> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `Redis at ${TEST_REDIS_URL} is not reachable (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
}

/**
 * Why the PostgreSQL + Redis tests cannot run here, or undefined when they can. In CI an absent service is an
 * error, never a silent skip.
 */
export async function realServicesMissing(suite: string): Promise<string | undefined> {
  const problems = (await Promise.all([postgresUp(), redisUp()])).filter(Boolean);
  if (problems.length === 0) return undefined;
  const reason = `${problems.join('; ')}. Set TEST_POSTGRES_URL / TEST_REDIS_URL or start them to run these tests.`;
  if (REQUIRE_SERVICES) throw new Error(`CI requires PostgreSQL and Redis: ${reason}`);
  // A skipped test says why.
  console.warn(`Skipping the PostgreSQL + Redis ${suite} tests: ${reason}`);
  return reason;
}
