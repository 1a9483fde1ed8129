/** Revoked token and session ids, shared by every verifier: Redis when configured, memory when embedded. */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export interface RevocationList {
  /** Revokes ids (token `jti`s or session ids) until they would have expired anyway. */
  revoke(ids: string[], until: Date): Promise<void>;
  isAnyRevoked(ids: string[]): Promise<boolean>;
  /**
   * Calls `listener` with the ids of every revocation from now on, in any process sharing the list: the gateway ends
   * live subscriptions of a logged-out session at once. Returns the unsubscribe function.
   */
  onRevoke(listener: (ids: string[]) => void): () => void;
  close(): Promise<void>;
}

export function createMemoryRevocationList(now: () => number = Date.now): RevocationList {
  const revoked = new Map<string, number>();
  const announced = new EventEmitter().setMaxListeners(0);
  const prune = () => {
    const t = now();
    for (const [id, until] of revoked) if (until <= t) revoked.delete(id);
  };
  return {
    async revoke(ids, until) {
      prune();
      for (const id of ids) revoked.set(id, until.getTime());
      announced.emit('revoked', ids);
    },
    async isAnyRevoked(ids) {
      const t = now();
      return ids.some((id) => (revoked.get(id) ?? 0) > t);
    },
    onRevoke(listener) {
      announced.on('revoked', listener);
      return () => void announced.off('revoked', listener);
    },
    async close() {},
  };
}

/** A revocation as the channel announces it: the ids and when they would have expired anyway (ms since the epoch). */
type Announcement = { ids: string[]; until: number };
/** The longest an access token lives (JWT_ACCESS_TTL_SECONDS allows an hour): how long an announcement without `until` holds. */
const LONGEST_TOKEN_MS = 3_600_000;
/** An announcement as published, or as a process of the previous version published it (the ids alone); null if neither. */
function announcementOf(message: string): Announcement | null {
  try {
    const parsed = JSON.parse(message) as unknown;
    if (Array.isArray(parsed) && parsed.every((id) => typeof id === 'string')) return { ids: parsed, until: Date.now() + LONGEST_TOKEN_MS };
    const { ids, until } = parsed as Partial<Announcement>;
    return Array.isArray(ids) && ids.every((id) => typeof id === 'string') && typeof until === 'number' ? { ids, until } : null;
  } catch {
    return null;
  }
}
/** How often this process's copy drops revocations that have expired. */
const PRUNE_INTERVAL_MS = 60_000;

/**
 * Revocations in Redis, looked up from a copy in this process: every verifier asks on every request (the gateway and
 * each subgraph a request reaches), and a Redis round trip per ask cost more than the rest of authentication.
 *
 * Each revocation is a key per id (`revoked:<id>`, expiring with it), an entry in the sorted set `revoked-until` (score:
 * until when), and an announcement on `channel`. The copy is loaded from the sorted set once the channel subscription
 * is confirmed, and kept current by the announcements; whenever the subscription is lost it is not trusted, and
 * lookups go to the keys in Redis, until it has been subscribed and loaded again. A process that revokes adds to its
 * own copy before it returns, and Redis delivers an announcement to every subscriber before the revoking call returns.
 */
export function createRedisRevocationList(redis: Redis, channel: string): RevocationList {
  const listeners = new Set<(ids: string[]) => void>();
  const copy = new Map<string, number>();
  const remember = ({ ids, until }: Announcement) => {
    for (const id of ids) copy.set(id, Math.max(copy.get(id) ?? 0, until));
  };
  let current = false;
  let generation = 0;
  const subscriber = redis.duplicate().on('error', () => undefined);
  const load = async () => {
    current = false;
    const mine = ++generation;
    try {
      await subscriber.subscribe(channel); // confirmed: every announcement from here on reaches us
      const entries = await redis.zrangebyscore('revoked-until', `(${Date.now()}`, '+inf', 'WITHSCORES');
      if (mine !== generation) return; // lost and regained meanwhile: that newer load decides
      for (let i = 0; i < entries.length; i += 2) remember({ ids: [entries[i]!], until: Number(entries[i + 1]) });
      current = true;
    } catch {
      // Not loaded: lookups keep going to Redis until the next (re)connection loads it.
    }
  };
  subscriber.on('ready', () => void load());
  subscriber.on('close', () => {
    current = false;
    generation++;
  });
  subscriber.on('message', (_channel: string, message: string) => {
    const announcement = announcementOf(message);
    if (!announcement) {
      // Cannot tell what was revoked: ask Redis until the next load, and let no load under way trust the copy again.
      current = false;
      generation++;
      return;
    }
    remember(announcement);
    for (const each of listeners) each(announcement.ids);
  });
  const prune = setInterval(() => {
    const now = Date.now();
    for (const [id, until] of copy) if (until <= now) copy.delete(id);
  }, PRUNE_INTERVAL_MS).unref();

  return {
    async revoke(ids, until) {
      const expires = Math.max(until.getTime(), Date.now() + 1000);
      const pipeline = redis.multi();
      for (const id of ids) pipeline.set(`revoked:${id}`, '1', 'PXAT', expires);
      pipeline.zadd('revoked-until', ...ids.flatMap((id) => [expires, id]));
      pipeline.zremrangebyscore('revoked-until', '-inf', Date.now());
      await pipeline.exec();
      remember({ ids, until: expires });
      await redis.publish(channel, JSON.stringify({ ids, until: expires } satisfies Announcement));
    },
    async isAnyRevoked(ids) {
      if (ids.length === 0) return false;
      if (current) {
        const now = Date.now();
        return ids.some((id) => (copy.get(id) ?? 0) > now);
      }
      return (await redis.exists(...ids.map((id) => `revoked:${id}`))) > 0;
    },
    onRevoke(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      clearInterval(prune);
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}

/** Redis-backed when a URL is given (the key prefix isolates deployments and test runs), otherwise in memory. */
export function createRevocationList(redis?: { url: string; keyPrefix: string }): RevocationList {
  if (!redis) return createMemoryRevocationList();
  // Lookups go to Redis only while the local copy is not current; auto-pipelining then sends those of one tick in one
  // write.
  const client = new Redis(redis.url, { keyPrefix: redis.keyPrefix, maxRetriesPerRequest: 2, enableAutoPipelining: true });
  // A failed lookup fails the request (never "not revoked"); the reconnect noise itself needs no log line per attempt.
  client.on('error', () => undefined);
  return createRedisRevocationList(client, `${redis.keyPrefix}revocations`);
}
