/**
 * The production bus: one Redis stream per event type, one consumer group per consuming context. An event published
 * while a consumer is down waits in the stream; one delivered but not acknowledged (a crash mid-handling) is
 * redelivered from the pending list, by the same consumer on restart or by a sibling once it has been idle too long.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { deliverAll, type Delivery } from './retry';
import { DEFAULT_RETRY, READ_COUNT, type Consumer, type ConsumerOptions, type DomainEvent, type EventBus, type EventHandler } from './types';

type StreamEntry = [id: string, fields: string[] | null];
type StreamReply = [key: string, entries: StreamEntry[]][] | null;

export type RedisBusOptions = {
  url: string;
  /** Isolates deployments and test runs sharing one Redis. */
  keyPrefix: string;
  /** Pending entries idle this long are claimed from crashed siblings. */
  claimIdleMs?: number;
  /** Streams are trimmed to about this many entries. */
  maxLength?: number;
};

export function createRedisBus({ url, keyPrefix, claimIdleMs = 30_000, maxLength = 100_000 }: RedisBusOptions): EventBus {
  // Keys are prefixed here rather than with ioredis' keyPrefix, which does not rewrite the keys of XREADGROUP.
  const streamKey = (type: string) => `${keyPrefix}events:${type}`;
  const deadKey = (group: string) => `${keyPrefix}deadletter:${group}`;
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  // While Redis is away ioredis keeps reconnecting; failures surface through the commands that fail (relay, loop).
  const quiet = () => undefined;
  redis.on('error', quiet);
  const stops = new Set<() => Promise<void>>();

  return {
    kind: 'redis',
    async publish(event) {
      await redis.xadd(streamKey(event.type), 'MAXLEN', '~', String(maxLength), '*', 'event', JSON.stringify(event));
    },
    async publishAll(events) {
      if (events.length === 0) return;
      // MULTI/EXEC: Redis runs the appends together or, when one is refused as it is queued (out of memory, say),
      // none of them. An error in a reply (a key that is not a stream) fails the batch too: it goes again whole, so
      // the appends that did succeed are delivered twice, which at-least-once delivery and idempotent consumers allow.
      const transaction = redis.multi();
      for (const event of events) transaction.xadd(streamKey(event.type), 'MAXLEN', '~', String(maxLength), '*', 'event', JSON.stringify(event));
      const replies = await transaction.exec();
      const failed = replies?.find(([error]) => error)?.[0];
      if (!replies || failed) throw failed ?? new Error('Redis discarded the transaction');
    },
    consumer(group, types, handler: EventHandler, options: ConsumerOptions = {}): Consumer {
      const policy = { ...DEFAULT_RETRY, ...options.retry };
      const keys = types.map(streamKey);
      // From the start of each stream, so events published before the group first existed are not skipped.
      const createGroups = () =>
        Promise.all(
          keys.map((key) =>
            redis.xgroup('CREATE', key, group, '0', 'MKSTREAM').catch((error: Error) => {
              if (!error.message.includes('BUSYGROUP')) throw error;
            }),
          ),
        );
      let groupsReady: Promise<unknown> | undefined = createGroups().catch(() => (groupsReady = undefined));
      const name = `${hostname()}:${process.pid}`;
      const stats = { processed: 0, retried: 0, deadLettered: 0, running: false };
      let idle = false;
      let connection: Redis | undefined;
      // Our own unacknowledged entries are read again (id 0) at start and after every reconnect or error: Redis may
      // have handed entries to a read whose reply was lost with the connection, and `>` never returns those again.
      let rereadPending = true;
      let loop: Promise<void> | undefined;

      /** Where each event of the read in hand came from, to acknowledge it. */
      const sources = new Map<DomainEvent, { key: string; id: string; raw: string }>();
      const acknowledge = async (events: DomainEvent[]) => {
        const ids = new Map<string, string[]>();
        for (const event of events) {
          const { key, id } = sources.get(event)!;
          ids.set(key, [...(ids.get(key) ?? []), id]);
          sources.delete(event);
        }
        for (const [key, keyIds] of ids) await redis.xack(key, group, ...keyIds);
      };
      const settled = async (events: DomainEvent[], delivery: Delivery) => {
        stats.retried += delivery.retries;
        if (delivery.outcome === 'dead') {
          await redis.xadd(deadKey(group), '*', 'event', sources.get(events[0]!)!.raw, 'error', delivery.error);
          stats.deadLettered++;
        } else stats.processed += events.length;
        await acknowledge(events);
      };
      /** Delivers the entries of one read (all at once to a batch handler), acknowledging each once handled. */
      const handle = async (entries: [key: string, entry: StreamEntry][]) => {
        sources.clear();
        const events: DomainEvent[] = [];
        for (const [key, [id, fields]] of entries) {
          const raw = fields?.[fields.indexOf('event') + 1];
          if (!raw) {
            await redis.xack(key, group, id); // trimmed away: nothing left to deliver
            continue;
          }
          const event = JSON.parse(raw) as DomainEvent;
          sources.set(event, { key, id, raw });
          events.push(event);
        }
        await deliverAll(events, handler, options.batch, policy, () => !stats.running, settled);
      };

      const run = async () => {
        rereadPending = true;
        let lastClaim = 0;
        while (stats.running) {
          try {
            // Named, so CLIENT LIST shows which group each blocking connection reads for (Redis refuses spaces in names).
            connection ??= redis
              .duplicate({ connectionName: `${keyPrefix}${group}`.replace(/[^\x21-\x7e]/g, '_') })
              .on('error', quiet)
              .on('ready', () => (rereadPending = true));
            await (groupsReady ??= createGroups());
            if (Date.now() - lastClaim > claimIdleMs) {
              lastClaim = Date.now();
              for (const key of keys) {
                const [, claimed] = (await redis.xautoclaim(key, group, name, claimIdleMs, '0-0', 'COUNT', READ_COUNT)) as [string, StreamEntry[]];
                if (stats.running) await handle(claimed.map((entry) => [key, entry]));
              }
            }
            const pendingFirst = rereadPending;
            const reply = (await (pendingFirst
              ? connection.xreadgroup('GROUP', group, name, 'COUNT', READ_COUNT, 'STREAMS', ...keys, ...keys.map(() => '0'))
              : connection.xreadgroup('GROUP', group, name, 'COUNT', READ_COUNT, 'BLOCK', 250, 'STREAMS', ...keys, ...keys.map(() => '>')))) as StreamReply;
            const entriesOf = (streams: StreamReply) => (streams ?? []).flatMap(([key, entries]) => entries.map((entry): [string, StreamEntry] => [key, entry]));
            const entries = entriesOf(reply);
            idle = !pendingFirst && entries.length === 0;
            if (pendingFirst && entries.length === 0) rereadPending = false;
            // A batch consumer lingers a moment after a short read, so the events of the next few ms join its batch.
            if (options.batch && options.lingerMs && !pendingFirst && entries.length && entries.length < READ_COUNT) {
              await new Promise((resolve) => setTimeout(resolve, options.lingerMs));
              if (stats.running) entries.push(...entriesOf((await connection.xreadgroup('GROUP', group, name, 'COUNT', READ_COUNT - entries.length, 'STREAMS', ...keys, ...keys.map(() => '>'))) as StreamReply));
            }
            if (stats.running) await handle(entries);
          } catch {
            idle = false;
            rereadPending = true;
            if (!stats.running) return; // stopped: unacknowledged entries stay pending for the next start
            // Creating groups is idempotent; after an error make sure they exist again (a Redis restarted
            // without persistence has lost them and answers NOGROUP).
            groupsReady = undefined;
            await new Promise((resolve) => setTimeout(resolve, 500)); // Redis unreachable: try again shortly
          }
        }
      };
      const stop = async () => {
        stats.running = false;
        connection?.disconnect(); // interrupts a blocking read
        connection = undefined;
        await loop;
      };
      stops.add(stop);
      return {
        group,
        start() {
          if (stats.running) return;
          stats.running = true;
          loop = run();
        },
        stop,
        stats: () => ({ ...stats, idle }),
      };
    },
    async deadLetters(group) {
      const entries = (await redis.xrange(deadKey(group), '-', '+')) as [string, string[]][];
      return entries.map(([, fields]) => ({
        event: JSON.parse(fields[fields.indexOf('event') + 1]!) as DomainEvent,
        error: fields[fields.indexOf('error') + 1] ?? '',
      }));
    },
    async close() {
      await Promise.all([...stops].map((stop) => stop()));
      redis.disconnect();
    },
  };
}
