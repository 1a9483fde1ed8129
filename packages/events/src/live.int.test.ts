/** The live channel contract on both implementations: in-process, and Redis pub/sub between separate connections. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLiveChannel, type LiveChannel, type LiveMessage } from './live';

import { REDIS_URL, redisReachable } from '../test/redis';

const redis = (prefix: string) => createLiveChannel({ url: REDIS_URL, keyPrefix: prefix });
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
const message = (n: number): LiveMessage => ({ eventId: `e${n}`, entityId: `x${n}` });

describe.each([
  ['in-process', () => { const one = createLiveChannel(); return [one, one] as const; }],
  ['redis', () => { const prefix = `caregraph-test:live:${randomBytes(4).toString('hex')}:`; return [redis(prefix), redis(prefix)] as const; }],
] as const)('live channel (%s)', (kind, open) => {
  it.skipIf(kind === 'redis' && !redisReachable)('delivers a topic to its subscribers only, and nothing after unsubscribe', async () => {
    const [publisher, subscriber]: readonly [LiveChannel, LiveChannel] = open();
    const got: string[] = [];
    const a = await subscriber.subscribe('topic.a', (m) => got.push(`a:${m.entityId}`));
    await subscriber.subscribe('topic.b', (m) => got.push(`b:${m.entityId}`));
    await publisher.publish('topic.a', message(1));
    await settle();
    expect(got).toEqual(['a:x1']);
    subscriber.unsubscribe(a);
    await publisher.publish('topic.a', message(2));
    await publisher.publish('topic.b', message(3));
    await settle();
    expect(got).toEqual(['a:x1', 'b:x3']);
    await publisher.close();
    await subscriber.close();
  });
});

describe.skipIf(!redisReachable)('live channel (redis) prefixes', () => {
  it('keeps deployments with different key prefixes apart', async () => {
    const mine = redis(`caregraph-test:live:${randomBytes(4).toString('hex')}:`);
    const theirs = redis(`caregraph-test:live:${randomBytes(4).toString('hex')}:`);
    const got: LiveMessage[] = [];
    await mine.subscribe('topic', (m) => got.push(m));
    await theirs.publish('topic', message(1));
    await settle();
    expect(got).toEqual([]);
    await mine.close();
    await theirs.close();
  });
});
