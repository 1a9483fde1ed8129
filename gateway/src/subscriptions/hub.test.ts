/** The hub on a real in-process live channel: one read per group of subscribers, filters, a failing token, removal. */
import { describe, expect, it } from 'vitest';
import { createLiveChannel, type LiveMessage } from '@caregraph/events';
import { createLogger } from '@caregraph/server';
import { LiveHub, type LiveSubscriber, type ReadOutcome } from './hub';
import { LiveStream } from './live-stream';

const message: LiveMessage = { eventId: 'e1', entityId: 'm1', patientId: 'p1' };

function subscriber(groupKey: string, outcome: ReadOutcome = [{ result: { data: { x: groupKey } } }], accept?: (m: LiveMessage) => boolean) {
  const calls = { reads: 0, unauthenticated: 0 };
  const stream = new LiveStream(10, () => {}, () => {});
  const s: LiveSubscriber = {
    groupKey,
    read: async () => {
      calls.reads++;
      return outcome;
    },
    unauthenticated: () => calls.unauthenticated++,
    stream,
    ...(accept ? { accept } : {}),
  };
  return { s, calls, stream };
}

describe('LiveHub', () => {
  it('reads once per group and gives every member the result; other groups read for themselves', async () => {
    const channel = createLiveChannel();
    const hub = new LiveHub(channel, createLogger('silent'));
    const pharmacists = [subscriber('role:PHARMACIST'), subscriber('role:PHARMACIST'), subscriber('role:PHARMACIST')];
    const admin = subscriber('role:ADMIN');
    for (const { s } of [...pharmacists, admin]) await hub.add('stock-low', s);
    await channel.publish('stock-low', message);
    for (const { stream } of [...pharmacists, admin]) expect((await stream.next()).value).toBeDefined();
    expect(pharmacists.map((p) => p.calls.reads).reduce((a, b) => a + b)).toBe(1);
    expect(admin.calls.reads).toBe(1);
    expect(hub.stats()).toEqual({ topics: 1, subscribers: 4 });
  });

  it('skips subscribers whose filter refuses the message, and stops delivering once removed', async () => {
    const channel = createLiveChannel();
    const hub = new LiveHub(channel, createLogger('silent'));
    const other = subscriber('user:a', undefined, (m) => m.patientId === 'p2');
    const mine = subscriber('user:b');
    await hub.add('t', other.s);
    const remove = await hub.add('t', mine.s);
    await channel.publish('t', message);
    expect((await mine.stream.next()).value).toEqual({ data: { x: 'user:b' } });
    expect(other.calls.reads).toBe(0);
    remove();
    await channel.publish('t', message);
    expect(mine.stream.pending).toBe(0);
    expect(hub.stats()).toEqual({ topics: 1, subscribers: 1 });
  });

  it('closes a member whose token no longer works and reads with the next one', async () => {
    const channel = createLiveChannel();
    const hub = new LiveHub(channel, createLogger('silent'));
    const revoked = subscriber('user:a', 'unauthenticated');
    const valid = subscriber('user:a');
    await hub.add('t', revoked.s);
    await hub.add('t', valid.s);
    await channel.publish('t', message);
    expect((await valid.stream.next()).value).toEqual({ data: { x: 'user:a' } });
    expect(revoked.calls.unauthenticated).toBe(1);
    expect(valid.calls.reads).toBe(1);
  });
});
