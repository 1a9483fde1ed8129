/** The bus contract, run against both implementations: the in-process bus and Redis Streams on the real Redis. */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessBus } from './in-process-bus';
import { createRedisBus } from './redis-bus';
import { REDIS_URL, redisReachable } from '../test/redis';
import type { DomainEvent, EventBus } from './types';

const prefix = `caregraph-test:bus:${randomBytes(4).toString('hex')}:`;
afterAll(async () => {
  if (!redisReachable) return;
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const event = (type: string, n: number): DomainEvent => ({ id: randomUUID(), type, aggregateId: null, occurredAt: new Date().toISOString(), payload: { n } });
const until = async (condition: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const fast = { initialDelayMs: 5, maxDelayMs: 20 };

const buses: [string, () => EventBus, boolean][] = [
  ['in-process', createInProcessBus, false],
  ['redis', () => createRedisBus({ url: REDIS_URL, keyPrefix: prefix }), !redisReachable],
];

describe.each(buses)('%s bus', (_kind, createBus, skip) => {
  it.skipIf(skip)('delivers each event to every subscribed group, only the types it asked for', async () => {
    const bus = createBus();
    const type = `test.thing.${randomUUID().slice(0, 6)}`;
    const seen: Record<string, number[]> = { a: [], b: [] };
    const a = bus.consumer(`a-${type}`, [type], async (e) => void seen.a!.push(e.payload.n as number));
    const b = bus.consumer(`b-${type}`, [type, 'test.other.happened'], async (e) => void seen.b!.push(e.payload.n as number));
    a.start();
    b.start();
    for (let n = 1; n <= 3; n++) await bus.publish(event(type, n));
    await bus.publish(event('test.unrelated.happened', 99));
    await until(() => seen.a!.length === 3 && seen.b!.length === 3);
    expect(seen).toEqual({ a: [1, 2, 3], b: [1, 2, 3] });
    await bus.close();
  });

  it.skipIf(skip)('publishes a batch in order, across types, with one call', async () => {
    const bus = createBus();
    const [first, second] = [`test.first.${randomUUID().slice(0, 6)}`, `test.second.${randomUUID().slice(0, 6)}`];
    const seen: number[] = [];
    const consumer = bus.consumer(`batch-${first}`, [first, second], async (e) => void seen.push(e.payload.n as number));
    consumer.start();
    await bus.publishAll([event(first, 1), event(second, 2), event(first, 3)]);
    await bus.publishAll([]);
    await until(() => seen.length === 3);
    expect(seen.filter((n) => n !== 2)).toEqual([1, 3]); // one stream per type: order holds within a type
    expect(seen.sort()).toEqual([1, 2, 3]);
    await bus.close();
  });

  it.skipIf(skip)('keeps what is published while a group is stopped and delivers it, in order, once it starts', async () => {
    const bus = createBus();
    const type = `test.thing.${randomUUID().slice(0, 6)}`;
    const seen: number[] = [];
    const consumer = bus.consumer(`down-${type}`, [type], async (e) => void seen.push(e.payload.n as number));
    consumer.start();
    await bus.publish(event(type, 0));
    await until(() => seen.length === 1);
    await consumer.stop();
    for (let n = 1; n <= 20; n++) await bus.publish(event(type, n));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual([0]);
    consumer.start();
    await until(() => seen.length === 21);
    expect(seen).toEqual(Array.from({ length: 21 }, (_, n) => n));
    expect(consumer.stats()).toMatchObject({ processed: 21, deadLettered: 0 });
    await bus.close();
  });

  it.skipIf(skip)('retries a failing handler with backoff, then dead-letters it and moves on', async () => {
    const bus = createBus();
    const type = `test.thing.${randomUUID().slice(0, 6)}`;
    const attempts = new Map<number, number>();
    const consumer = bus.consumer(
      `flaky-${type}`,
      [type],
      async (e) => {
        const n = e.payload.n as number;
        attempts.set(n, (attempts.get(n) ?? 0) + 1);
        if (n === 1 && attempts.get(n)! < 3) throw new Error('transient');
        if (n === 2) throw new Error('poison');
      },
      { retry: { ...fast, maxAttempts: 4 } },
    );
    consumer.start();
    for (const n of [1, 2, 3]) await bus.publish(event(type, n));
    await until(() => attempts.get(3) === 1);
    expect(Object.fromEntries(attempts)).toEqual({ 1: 3, 2: 4, 3: 1 });
    expect(consumer.stats()).toMatchObject({ processed: 2, retried: 5, deadLettered: 1 });
    const dead = await bus.deadLetters(`flaky-${type}`);
    expect(dead.map((d) => [d.event.payload.n, d.error])).toEqual([[2, 'poison']]);
    await bus.close();
  });

  it.skipIf(skip)('redelivers an event whose handling was interrupted by a stop', async () => {
    const bus = createBus();
    const type = `test.thing.${randomUUID().slice(0, 6)}`;
    let failing = true;
    const handled: number[] = [];
    const consumer = bus.consumer(
      `interrupted-${type}`,
      [type],
      async (e) => {
        if (failing) throw new Error('down');
        handled.push(e.payload.n as number);
      },
      { retry: { initialDelayMs: 50, maxDelayMs: 50, maxAttempts: 1000 } },
    );
    consumer.start();
    await bus.publish(event(type, 7));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await consumer.stop();
    failing = false;
    consumer.start();
    await until(() => handled.length === 1);
    expect(handled).toEqual([7]);
    await bus.close();
  });

  it.skipIf(skip)('hands the events waiting together to a batch handler at once, in order', async () => {
    const bus = createBus();
    const type = `test.thing.${randomUUID().slice(0, 6)}`;
    const single: number[] = [];
    const batches: number[][] = [];
    const consumer = bus.consumer(`batched-${type}`, [type], async (e) => void single.push(e.payload.n as number), {
      batch: async (events) => void batches.push(events.map((e) => e.payload.n as number)),
    });
    consumer.start();
    await consumer.stop(); // the group exists; what is published now waits for it
    for (let n = 1; n <= 120; n++) await bus.publish(event(type, n));
    consumer.start();
    await until(() => consumer.stats().processed === 120);
    expect(single).toEqual([]);
    expect(batches.flat()).toEqual(Array.from({ length: 120 }, (_, n) => n + 1));
    expect(Math.max(...batches.map((b) => b.length))).toBe(50);
    await bus.close();
  });

  it.skipIf(skip)('lets a lingering batch consumer gather the events published just after the first', async () => {
    const bus = createBus();
    const type = `test.thing.${randomUUID().slice(0, 6)}`;
    const batches: number[][] = [];
    const consumer = bus.consumer(`linger-${type}`, [type], async (e) => void batches.push([e.payload.n as number]), {
      batch: async (events) => void batches.push(events.map((e) => e.payload.n as number)),
      lingerMs: 300,
    });
    consumer.start();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the consumer is waiting for events
    await bus.publish(event(type, 1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let n = 2; n <= 6; n++) await bus.publish(event(type, n));
    await until(() => consumer.stats().processed === 6);
    expect(batches).toEqual([[1, 2, 3, 4, 5, 6]]);
    await bus.close();
  });

  it.skipIf(skip)('when a batch fails, delivers its events one by one, so only the bad one is dead-lettered', async () => {
    const bus = createBus();
    const type = `test.thing.${randomUUID().slice(0, 6)}`;
    const single: number[] = [];
    let batchCalls = 0;
    const consumer = bus.consumer(
      `batch-poison-${type}`,
      [type],
      async (e) => {
        if (e.payload.n === 3) throw new Error('poison');
        single.push(e.payload.n as number);
      },
      {
        retry: { ...fast, maxAttempts: 2 },
        batch: async () => {
          batchCalls++;
          throw new Error('one of these is bad');
        },
      },
    );
    consumer.start();
    await consumer.stop();
    for (let n = 1; n <= 5; n++) await bus.publish(event(type, n));
    consumer.start();
    await until(() => consumer.stats().processed === 4);
    expect(batchCalls).toBeGreaterThanOrEqual(1);
    expect(single).toEqual([1, 2, 4, 5]);
    expect(consumer.stats()).toMatchObject({ processed: 4, deadLettered: 1 });
    expect((await bus.deadLetters(`batch-poison-${type}`)).map((d) => [d.event.payload.n, d.error])).toEqual([[3, 'poison']]);
    await bus.close();
  });
});

describe.skipIf(!redisReachable)('redis bus after a lost connection', () => {
  it('names its connection within what Redis accepts, whatever the key prefix', async () => {
    const spaced = `${prefix}with space:`;
    const bus = createRedisBus({ url: REDIS_URL, keyPrefix: spaced });
    const type = `test.thing.${randomUUID().slice(0, 6)}`;
    const seen: number[] = [];
    bus.consumer(`named-${type}`, [type], async (e) => void seen.push(e.payload.n as number)).start();
    await bus.publish(event(type, 7));
    await until(() => seen.length === 1);
    const side = new Redis(REDIS_URL);
    expect((await side.client('LIST')) as string).toContain(` name=${prefix}with_space:named-${type} `);
    await side.del(`${spaced}events:${type}`);
    side.disconnect();
    await bus.close();
  });

  it('delivers at once an entry Redis handed to a read whose reply was lost, not only once it is claimed as idle', async () => {
    const bus = createRedisBus({ url: REDIS_URL, keyPrefix: prefix, claimIdleMs: 60_000 });
    const type = `test.thing.${randomUUID().slice(0, 6)}`;
    const group = `lost-${type}`;
    const seen: number[] = [];
    const consumer = bus.consumer(group, [type], async (e) => void seen.push(e.payload.n as number));
    consumer.start();
    await bus.publish(event(type, 0));
    await until(() => seen.length === 1);

    // What a crash between Redis handing out an entry and its reply reaching us leaves: the entry in our consumer's
    // pending list. One transaction, so the consumer's own blocked read cannot take it first.
    const side = new Redis(REDIS_URL);
    const key = `${prefix}events:${type}`;
    const clients = (await side.client('LIST')) as string;
    const own = clients.split('\n').find((line) => line.includes(` name=${prefix}${group} `));
    expect(own).toBeDefined();
    const [[, name]] = (await side.xinfo('CONSUMERS', key, group)) as [[string, string]];
    await side.multi().xadd(key, '*', 'event', JSON.stringify(event(type, 1))).xreadgroup('GROUP', group, name, 'COUNT', 1, 'STREAMS', key, '>').exec();
    // The connection drops; ioredis reconnects and sends the blocked read again.
    await side.client('KILL', 'ID', /\bid=(\d+)/.exec(own!)![1]!);
    await until(() => seen.length === 2, 5_000);
    expect(seen).toEqual([0, 1]);
    side.disconnect();
    await bus.close();
  });
});

describe('redis bus, a batch that Redis refuses', () => {
  it.skipIf(!redisReachable)('rejects the whole batch when one append fails, so the relay sends it again', async () => {
    const bus = createRedisBus({ url: REDIS_URL, keyPrefix: prefix });
    const redis = new Redis(REDIS_URL);
    const type = `test.blocked.${randomUUID().slice(0, 6)}`;
    await redis.set(`${prefix}events:${type}`, 'not a stream'); // XADD to it fails with WRONGTYPE
    await expect(bus.publishAll([event('test.fine.happened', 1), event(type, 2)])).rejects.toThrow(/WRONGTYPE/);
    redis.disconnect();
    await bus.close();
  });
});
