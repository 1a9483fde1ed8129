/**
 * The budgets' leases on real Redis, as gateway replicas share it: racing replicas never admit more than a budget,
 * and a busy key reserves ahead so that it does not ask Redis for every request.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RATE_LIMIT_DEFAULTS, type RateLimitConfig } from '@caregraph/config';
import { TEST_REDIS_URL, realServicesMissing } from '@caregraph/testkit';
import { RateLimits } from './rate-limits';

const servicesMissing = await realServicesMissing('rate-limit leases');
const WINDOW_SECONDS = 600;
const budgets: RateLimitConfig = { ...RATE_LIMIT_DEFAULTS, reads: { perUser: 500, perAddress: 1_000_000 }, windowSeconds: WINDOW_SECONDS };
// A fixed moment well inside one window: nothing slides while the test runs.
const index = Math.floor(Date.now() / (WINDOW_SECONDS * 1000));
const clock = () => index * WINDOW_SECONDS * 1000 + 1_000;
const keyPrefix = `caregraph-test:leases:${randomBytes(4).toString('hex')}:`;
const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
/** What the store has counted for an account's reads in this window. */
const stored = async (userId: string) => Number((await redis.get(`${keyPrefix}rate-limit:reads:user:${userId}:${index}`)) ?? 0);

afterAll(async () => {
  if (servicesMissing) return;
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe.skipIf(!!servicesMissing)('rate-limit leases (redis)', () => {
  it('never admits more than a budget when two replicas race for it, and the store never counts more', async () => {
    const replicas = [RateLimits.create(budgets, { url: TEST_REDIS_URL, keyPrefix }, clock), RateLimits.create(budgets, { url: TEST_REDIS_URL, keyPrefix }, clock)];
    try {
      await Promise.all(replicas.map((replica) => replica.shared));
      const caller = { userId: 'racer', address: '10.9.0.1' };
      const refusals = await Promise.all(Array.from({ length: 1_500 }, (_, i) => replicas[i % 2]!.admit('reads', caller)));
      const admitted = refusals.filter((refusal) => refusal === undefined).length;
      expect(admitted).toBeLessThanOrEqual(500);
      // What a replica still holds at the end is lost, never more than a lease near the limit (one or two).
      expect(admitted).toBeGreaterThanOrEqual(495);
      const count = await stored('racer');
      expect(count).toBeGreaterThanOrEqual(admitted);
      expect(count).toBeLessThanOrEqual(500);
      expect(refusals.find(Boolean)?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });

  it('reserves ahead for a busy account far from its budget, and another replica sees the reservation as spent', async () => {
    const first = RateLimits.create(budgets, { url: TEST_REDIS_URL, keyPrefix }, clock);
    const second = RateLimits.create(budgets, { url: TEST_REDIS_URL, keyPrefix }, clock);
    try {
      await Promise.all([first.shared, second.shared]);
      const caller = { userId: 'busy', address: '10.9.0.2' };
      for (let i = 0; i < 100; i++) expect(await first.admit('reads', caller)).toBeUndefined();
      // Asked one by one, as fast as they come: the store has counted what one more lease reserved, not each request.
      const count = await stored('busy');
      expect(count).toBeGreaterThan(100);
      expect(count).toBeLessThanOrEqual(100 + 64);
      let admittedBySecond = 0;
      while ((await second.admit('reads', caller)) === undefined) admittedBySecond++;
      expect(admittedBySecond).toBeLessThanOrEqual(500 - count);
      expect(await stored('busy')).toBeLessThanOrEqual(500);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
