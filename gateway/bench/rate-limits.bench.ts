/**
 * `node --import tsx gateway/bench/rate-limits.bench.ts [accounts]`: what the rate limits cost the gateway per
 * operation on this machine's Redis (docs/security.md, "Rate limits", on leases). 50 concurrent callers from one
 * address spread over `accounts` accounts (300) admit 30,000 operations after a warm-up; prints the gateway's CPU per
 * operation, the operations a second and the Redis scripts run per operation. Budgets are far out of reach, as in
 * production traffic.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from '@caregraph/testkit';
import { RateLimits } from '../src/rate-limits';

const accounts = Number(process.argv[2] ?? 300);
const OPERATIONS = 30_000;
const unreachable = { perUser: 1_000_000_000, perAddress: 1_000_000_000 };
const keyPrefix = `caregraph-bench:rate-limits:${randomBytes(4).toString('hex')}:`;
const limits = RateLimits.create({ reads: unreachable, writes: unreachable, subscriptions: unreachable, windowSeconds: 60 }, { url: TEST_REDIS_URL, keyPrefix });
const redis = new Redis(TEST_REDIS_URL);

/** Scripts Redis has run so far (rate-limiter-flexible's counts are one each), from INFO commandstats. */
async function scriptsRun(): Promise<number> {
  const stats = await redis.info('commandstats');
  return [...stats.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)].reduce((sum, [, calls]) => sum + Number(calls), 0);
}

async function admit(operations: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < operations) await limits.admit('reads', { userId: `account-${next++ % accounts}`, address: '127.0.0.1' });
    }),
  );
}

try {
  await limits.shared;
  await admit(5_000);
  const scriptsBefore = await scriptsRun();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await admit(OPERATIONS);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const scripts = (await scriptsRun()) - scriptsBefore;
  console.log(
    `${accounts} accounts: ${((cpu.user + cpu.system) / OPERATIONS).toFixed(1)} µs of CPU per operation, ${Math.round(OPERATIONS / seconds)} operations/s, ` +
      `${(scripts / OPERATIONS).toFixed(3)} Redis scripts per operation (others using this Redis meanwhile count too)`,
  );
} finally {
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length) await redis.del(...keys);
  await Promise.all([limits.close(), redis.quit()]);
}
