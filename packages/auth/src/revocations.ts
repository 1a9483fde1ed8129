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

/** `channel` carries revocations to `onRevoke` listeners of every process (pub/sub channels are not key-prefixed by ioredis). */
export function createRedisRevocationList(redis: Redis, channel: string): RevocationList {
  const listeners = new Set<(ids: string[]) => void>();
  let subscriber: Redis | undefined;
  return {
    async revoke(ids, until) {
      const pipeline = redis.multi();
      for (const id of ids) pipeline.set(`revoked:${id}`, '1', 'PXAT', Math.max(until.getTime(), Date.now() + 1000));
      await pipeline.exec();
      await redis.publish(channel, JSON.stringify(ids));
    },
    async isAnyRevoked(ids) {
      if (ids.length === 0) return false;
      return (await redis.exists(...ids.map((id) => `revoked:${id}`))) > 0;
    },
    onRevoke(listener) {
      if (!subscriber) {
        subscriber = redis.duplicate().on('error', () => undefined);
        subscriber.on('message', (_channel: string, message: string) => {
          const ids = JSON.parse(message) as string[];
          for (const each of listeners) each(ids);
        });
        void subscriber.subscribe(channel).catch(() => undefined);
      }
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      redis.disconnect();
      subscriber?.disconnect();
    },
  };
}

/** Redis-backed when a URL is given (the key prefix isolates deployments and test runs), otherwise in memory. */
export function createRevocationList(redis?: { url: string; keyPrefix: string }): RevocationList {
  if (!redis) return createMemoryRevocationList();
  // Every request asks (the gateway and each subgraph it reaches): auto-pipelining sends the lookups of one tick in
  // one write, instead of one write and one wake-up per request under load.
  const client = new Redis(redis.url, { keyPrefix: redis.keyPrefix, maxRetriesPerRequest: 2, enableAutoPipelining: true });
  // A failed lookup fails the request (never "not revoked"); the reconnect noise itself needs no log line per attempt.
  client.on('error', () => undefined);
  return createRedisRevocationList(client, `${redis.keyPrefix}revocations`);
}
