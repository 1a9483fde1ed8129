/** Revoked token and session ids, shared by every verifier: Redis when configured, memory when embedded. */
import { Redis } from 'ioredis';

export interface RevocationList {
  /** Revokes ids (token `jti`s or session ids) until they would have expired anyway. */
  revoke(ids: string[], until: Date): Promise<void>;
  isAnyRevoked(ids: string[]): Promise<boolean>;
  close(): Promise<void>;
}

export function createMemoryRevocationList(now: () => number = Date.now): RevocationList {
  const revoked = new Map<string, number>();
  const prune = () => {
    const t = now();
    for (const [id, until] of revoked) if (until <= t) revoked.delete(id);
  };
  return {
    async revoke(ids, until) {
      prune();
      for (const id of ids) revoked.set(id, until.getTime());
    },
    async isAnyRevoked(ids) {
      const t = now();
      return ids.some((id) => (revoked.get(id) ?? 0) > t);
    },
    async close() {},
  };
}

export function createRedisRevocationList(redis: Redis): RevocationList {
  return {
    async revoke(ids, until) {
      const pipeline = redis.multi();
      for (const id of ids) pipeline.set(`revoked:${id}`, '1', 'PXAT', Math.max(until.getTime(), Date.now() + 1000));
      await pipeline.exec();
    },
    async isAnyRevoked(ids) {
      if (ids.length === 0) return false;
      return (await redis.exists(...ids.map((id) => `revoked:${id}`))) > 0;
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** Redis-backed when a URL is given (the key prefix isolates deployments and test runs), otherwise in memory. */
export function createRevocationList(redis?: { url: string; keyPrefix: string }): RevocationList {
  if (!redis) return createMemoryRevocationList();
  const client = new Redis(redis.url, { keyPrefix: redis.keyPrefix, maxRetriesPerRequest: 2 });
  // A failed lookup fails the request (never "not revoked"); the reconnect noise itself needs no log line per attempt.
  client.on('error', () => undefined);
  return createRedisRevocationList(client);
}
