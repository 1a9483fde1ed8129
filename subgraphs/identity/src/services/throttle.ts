/** Sign-in and registration throttles: atomic counters in Redis when configured, in memory when embedded. */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config, ThrottleConfig } from '@caregraph/config';
import { rateLimited } from '@caregraph/errors';

type Budget = { limiter: RateLimiterAbstract; key: string; message: string };

/**
 * Each attempt takes a point before the password is checked (one atomic increment), so concurrent guesses cannot
 * all slip under the limit; a successful sign-in gives its points back. Budgets are checked narrowest first and a
 * refused attempt stops there, so an attacker spends only their own budgets: per account and address (5), per address
 * (20, password spraying), and only then per account over every address (100, a distributed attack). The owner signing
 * in from another address is untouched by the first two and needs a hundred attackers' failures to meet the third.
 */
export class Throttle {
  private readonly accountAndAddress: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;
  private readonly registrations: RateLimiterAbstract;

  private constructor(settings: ThrottleConfig, create: (keyPrefix: string, points: number) => RateLimiterAbstract, private readonly onClose: () => Promise<void>) {
    this.accountAndAddress = create('login-account-address', settings.accountAndAddressFailures);
    this.address = create('login-address', settings.addressFailures);
    this.account = create('login-account', settings.accountFailures);
    this.registrations = create('register-address', settings.addressRegistrations);
  }

  static create(config: Pick<Config, 'throttle' | 'redis'>): Throttle {
    const duration = config.throttle.windowSeconds;
    if (!config.redis) return new Throttle(config.throttle, (keyPrefix, points) => new RateLimiterMemory({ keyPrefix, points, duration }), async () => undefined);
    // No offline queue: while Redis is unreachable a count fails at once and the in-memory insurance counts instead,
    // so sign-in keeps working during an outage and stays throttled (per process) rather than waiting or failing open.
    const redis = new Redis(config.redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined); // reconnects by itself; each failed count falls back to the insurance
    const prefix = `${config.redis.keyPrefix}throttle:`;
    return new Throttle(
      config.throttle,
      (keyPrefix, points) =>
        new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${prefix}${keyPrefix}`,
          points,
          duration,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
        }),
      async () => void (await redis.quit()),
    );
  }

  /** Takes a sign-in attempt's points, or throws RATE_LIMITED with the wait; `succeeded` gives them back. */
  async beginLogin(email: string, clientAddress: string): Promise<{ succeeded(): Promise<void> }> {
    const budgets: Budget[] = [
      { limiter: this.accountAndAddress, key: `${email}|${clientAddress}`, message: 'Too many failed sign-ins to this account from your network' },
      { limiter: this.address, key: clientAddress, message: 'Too many failed sign-ins from your network' },
      { limiter: this.account, key: email, message: 'Too many failed sign-ins to this account' },
    ];
    const taken: Budget[] = [];
    for (const budget of budgets) {
      await take(budget);
      taken.push(budget);
    }
    return {
      async succeeded() {
        // The pair's failures are forgiven outright; the wider budgets only get this attempt back.
        await budgets[0]!.limiter.delete(budgets[0]!.key);
        await Promise.all(taken.slice(1).map((b) => b.limiter.reward(b.key, 1)));
      },
    };
  }

  /** Registration attempts per address: each one answers whether an email is taken. */
  async beginRegistration(clientAddress: string): Promise<void> {
    await take({ limiter: this.registrations, key: clientAddress, message: 'Too many registrations from your network' });
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

async function take({ limiter, key, message }: Budget): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal; // a store failure is an internal error, not a verdict
    const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    throw rateLimited(`${message}: try again in ${seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`}.`, seconds);
  }
}
