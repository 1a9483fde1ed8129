/** Gateway rate limits: a sliding-window budget per account and per client address for reads, writes and subscriptions, checked before planning. */
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { Redis } from 'ioredis';
import ipaddr from 'ipaddr.js';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '@caregraph/config';
import { rateLimited, type CaregraphError } from '@caregraph/errors';
import type { GatewayContext } from './context';

/** Reads are queries, writes are mutations, subscriptions are new subscribe operations. */
export type OperationClass = 'reads' | 'writes' | 'subscriptions';

const CLASS_OF: Record<OperationTypeNode, OperationClass> = {
  [OperationTypeNode.QUERY]: 'reads',
  [OperationTypeNode.MUTATION]: 'writes',
  [OperationTypeNode.SUBSCRIPTION]: 'subscriptions',
};
export const operationClassOf = (operation: OperationTypeNode): OperationClass => CLASS_OF[operation];

/** Whose budgets a request spends: the client address always, the account too when signed in. */
export type Caller = { userId?: string | undefined; address: string };

type Take = { retryAfterMs?: number; giveBack(): Promise<unknown> | void };

/** Previous-window counts and leases remembered per budget and process. */
const MAX_REMEMBERED = 100_000;
/** A lease holds at most this many operations, and at most this share of what is left of the budget. */
const MAX_LEASE = 64;
const HEADROOM_SHARE = 8;
/** A lease is sized for this long of the key's recent rate. */
const LEASE_MS = 1_000;

/**
 * Operations of one key this process has reserved in the store and not yet admitted. Leased operations count in the
 * store when they are reserved, so no process ever admits more than the budget: an unused one is only lost.
 */
type Lease = {
  tokens: number;
  /** How many the last reservation granted, when, and the store's count after it. */
  granted: number;
  grantedAt: number;
  count: number;
  /** The reservation in flight: others wait for it rather than ask the store too. */
  asking?: Promise<void>;
  waiting: number;
};

/**
 * A sliding window over rate-limiter-flexible's atomic counters, which on their own count fixed windows (a client
 * could spend a budget at the end of one window and again at the start of the next). Each key counts per fixed
 * window, and each count is kept for two windows; a request is allowed while this window's count plus the previous
 * window's, weighted by the share of it still inside the last `windowSeconds`, stays within the budget. The previous
 * window's count is final, so each process reads it once per key and window.
 *
 * This window's count is reserved in leases: one atomic increment reserves as many operations as the key's rate
 * used in the last second, at most 1/8 of what is left, and this process admits them without asking again. Far
 * from the limit a busy key costs one Redis round trip per lease instead of per request; near it, leases shrink to
 * one operation and every request is counted as it comes. The budget still holds across replicas: what a lease
 * reserved was within it when reserved, and the allowance only grows as the previous window slides out.
 */
class SlidingWindow {
  /** Counts of the previous window, which no longer change: read from the store once per key and window. */
  private previousCounts = new Map<string, number>();
  private previousIndex = Number.NaN;
  /** Leases of the current window, dropped with it (what they still hold counted in the store and is not used). */
  private leases = new Map<string, Lease>();
  private leaseIndex = Number.NaN;

  constructor(
    private readonly counters: RateLimiterAbstract,
    private readonly points: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  async take(key: string): Promise<Take> {
    const now = this.now();
    const index = Math.floor(now / this.windowMs);
    const elapsed = (now - index * this.windowMs) / this.windowMs;
    const previous = await this.previousCount(key, index - 1);
    const lease = this.leaseOf(key, index);
    while (lease.tokens === 0 && lease.asking) {
      lease.waiting++;
      await lease.asking;
      lease.waiting--;
    }
    const giveBack = () => this.giveBack(key, index, lease);
    if (lease.tokens > 0) {
      lease.tokens--;
      return { giveBack };
    }
    const allowance = Math.floor(this.points - previous * (1 - elapsed));
    const wanted = this.leaseSize(lease, allowance, now);
    let asked!: () => void;
    lease.asking = new Promise((resolve) => (asked = resolve));
    try {
      const currentKey = `${key}:${index}`;
      const count = await consumed(this.counters.consume(currentKey, wanted));
      const granted = Math.min(wanted, Math.max(0, allowance - (count - wanted)));
      if (granted < wanted) await this.counters.reward(currentKey, wanted - granted);
      Object.assign(lease, { granted, grantedAt: now, count: count - (wanted - granted) });
      if (granted === 0) return { retryAfterMs: this.wait(count - wanted + 1, previous, elapsed), giveBack: () => undefined };
      lease.tokens += granted - 1;
      return { giveBack };
    } finally {
      lease.asking = undefined;
      asked();
    }
  }

  private leaseOf(key: string, index: number): Lease {
    if (index !== this.leaseIndex) {
      this.leases = new Map();
      this.leaseIndex = index;
    }
    let lease = this.leases.get(key);
    if (!lease) {
      lease = { tokens: 0, granted: 0, grantedAt: 0, count: 0, waiting: 0 };
      // Past the bound a key gets a lease of its own for this request only, sized one (it has no rate).
      if (this.leases.size < MAX_REMEMBERED) this.leases.set(key, lease);
    }
    return lease;
  }

  /** What the last lease's rate would use in LEASE_MS (and at least what is waiting), within MAX_LEASE and the headroom's share. */
  private leaseSize(lease: Lease, allowance: number, now: number): number {
    const limit = Math.min(MAX_LEASE, Math.floor((allowance - lease.count) / HEADROOM_SHARE));
    const byRate = lease.granted > 0 ? Math.ceil((lease.granted * LEASE_MS) / Math.max(1, now - lease.grantedAt)) : 1;
    return Math.max(1, Math.min(limit, Math.max(byRate, lease.waiting + 1)));
  }

  /** A refused request's operation goes back to its lease, or to the store once the lease is gone. */
  private giveBack(key: string, index: number, lease: Lease): Promise<unknown> | void {
    if (this.leases.get(key) === lease) {
      lease.tokens++;
      return;
    }
    return this.counters.reward(`${key}:${index}`, 1);
  }

  private async previousCount(key: string, index: number): Promise<number> {
    if (index !== this.previousIndex) {
      this.previousCounts = new Map();
      this.previousIndex = index;
    }
    const known = this.previousCounts.get(key);
    if (known !== undefined) return known;
    const count = (await this.counters.get(`${key}:${index}`))?.consumedPoints ?? 0;
    // Bounded, so that a flood of distinct addresses costs a read each rather than memory.
    if (this.previousCounts.size < MAX_REMEMBERED) this.previousCounts.set(key, count);
    return count;
  }

  /** When a request would fit again, given that this refused one is given back and nothing else arrives. */
  private wait(current: number, previous: number, elapsed: number): number {
    // Within this window, once enough of the previous one has slid out: previous × (1 − e) + current ≤ points.
    if (current <= this.points) return (1 - (this.points - current) / previous - elapsed) * this.windowMs;
    // This window is full: in the next, it is the previous one (current − 1 requests) and the request is the first.
    const next = 1 - (this.points - 1) / (current - 1);
    return (1 - elapsed + next) * this.windowMs;
  }
}

/** The count after an increment; rate-limiter-flexible rejects with the same record once a count passes its points. */
const consumed = (consumption: Promise<RateLimiterRes>) =>
  consumption.then(
    (res) => res.consumedPoints,
    (refusal: unknown) => {
      if (refusal instanceof RateLimiterRes) return refusal.consumedPoints;
      throw refusal;
    },
  );

/**
 * What an address budget counts: an IPv4 address as it is (an IPv4-mapped IPv6 one too), an IPv6 address by its /64,
 * since one subscriber (a home, a phone, a cloud machine) is given a whole /64 and could take a fresh address for
 * every request.
 */
export function addressKey(address: string): string {
  const known = addressKeys.get(address);
  if (known !== undefined) return known;
  const key = keyOf(address);
  if (addressKeys.size >= REMEMBERED_ADDRESS_KEYS) addressKeys.delete(addressKeys.keys().next().value!);
  addressKeys.set(address, key);
  return key;
}

/**
 * Parsing the address was 1 % of the gateway's busy time under W4 (docs/performance.md), for the same few client
 * addresses again and again; the oldest is forgotten first.
 */
const REMEMBERED_ADDRESS_KEYS = 10_000;
const addressKeys = new Map<string, string>();

function keyOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}

type Budgets = Record<OperationClass, { perUser: SlidingWindow; perAddress: SlidingWindow }>;

const WHAT: Record<OperationClass, string> = { reads: 'queries', writes: 'mutations', subscriptions: 'new subscriptions' };

export class RateLimits {
  private constructor(
    private readonly budgets: Budgets,
    private readonly onClose: () => Promise<void>,
    /** Resolves once the counters are in Redis rather than in each process's insurance (at once in memory). */
    readonly shared: Promise<void>,
  ) {}

  /**
   * Counters in Redis when configured (every gateway replica shares them), in memory when embedded. Without an
   * offline queue a count fails at once while Redis is unreachable, and each process's in-memory insurance counts
   * instead: requests keep flowing, limited per process, rather than waiting or failing open.
   */
  static create(config: RateLimitConfig, redisConfig?: { url: string; keyPrefix: string }, now: () => number = Date.now): RateLimits {
    const duration = 2 * config.windowSeconds;
    // Two counts per request: auto-pipelining sends the counts of one tick in one write.
    const redis = redisConfig ? new Redis(redisConfig.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true }) : undefined;
    redis?.on('error', () => undefined); // reconnects by itself; each failed count falls back to the insurance
    const counters = (keyPrefix: string, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      if (!redis) return memory;
      return new RateLimiterRedis({ storeClient: redis, keyPrefix: `${redisConfig!.keyPrefix}rate-limit:${keyPrefix}`, points, duration, insuranceLimiter: memory });
    };
    const budgets = Object.fromEntries(
      (['reads', 'writes', 'subscriptions'] as const).map((operationClass) => {
        const { perUser, perAddress } = config[operationClass];
        const window = (who: string, points: number) => new SlidingWindow(counters(`${operationClass}:${who}`, points), points, config.windowSeconds * 1000, now);
        return [operationClass, { perUser: window('user', perUser), perAddress: window('address', perAddress) }];
      }),
    ) as Budgets;
    const shared = redis && redis.status !== 'ready' ? new Promise<void>((resolve) => redis.once('ready', () => resolve())) : Promise.resolve();
    return new RateLimits(budgets, async () => void (await redis?.quit()), shared);
  }

  /**
   * Counts one operation against the caller's address and account budgets: undefined when both allow it, else
   * `RATE_LIMITED` with the seconds to wait. A refused operation counts in neither, so a client that keeps asking
   * while refused is told the truth by `retryAfterSeconds`.
   */
  async admit(operationClass: OperationClass, caller: Caller): Promise<CaregraphError | undefined> {
    const { perUser, perAddress } = this.budgets[operationClass];
    const [address, account] = await Promise.all([perAddress.take(addressKey(caller.address)), caller.userId ? perUser.take(caller.userId) : undefined]);
    const refused = [account, address].filter((take) => take?.retryAfterMs !== undefined);
    if (refused.length === 0) return undefined;
    await Promise.all([address, account].map((take) => take?.giveBack()));
    const seconds = Math.max(1, Math.ceil(Math.max(...refused.map((take) => take!.retryAfterMs!)) / 1000));
    const whose = refused[0] === account ? 'this account' : 'your network address';
    return rateLimited(`Too many ${WHAT[operationClass]} from ${whose}: try again in ${seconds} seconds.`, seconds);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/**
 * HTTP operations pay their class's budgets once Apollo knows the operation (parsed and validated, both cached per
 * document) and before anything is planned or sent to a subgraph. Operations the gateway runs for itself through
 * `executeOperation` (subscription payloads) carry no HTTP request and pay nothing: the subscription paid once.
 */
export function rateLimitPlugin(limits: RateLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      if (!request.http) return;
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation) return;
          const refusal = await limits.admit(operationClassOf(operation.operation), { userId: contextValue.viewer?.userId, address: contextValue.clientAddress });
          if (refusal) throw refusal;
        },
      };
    },
  };
}
