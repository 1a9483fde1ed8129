/**
 * The test Redis, for this package's own tests: the test kit depends on the platform, which depends on this package,
 * so the kit's service check cannot be used here. CI requires Redis; elsewhere the Redis tests skip with the reason.
 */
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CI = process.env.CI === 'true' || process.env.CI === '1';

export const redisReachable = await new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  .connect()
  .then(() => true, () => false);
if (!redisReachable && CI) throw new Error(`CI requires Redis at ${REDIS_URL}`);
if (!redisReachable) console.warn(`Skipping the Redis tests of @caregraph/events: Redis at ${REDIS_URL} is not reachable`);
