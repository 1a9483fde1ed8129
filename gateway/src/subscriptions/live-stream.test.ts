/** A subscription's stream: arrival order whatever order reads finish in, one copy per id, a bound, and an end that never waits. */
import { describe, expect, it } from 'vitest';
import { LiveStream, type Delivery } from './live-stream';

const result = (n: number) => ({ data: { n } });
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const take = async (stream: LiveStream, count: number) => {
  const values: unknown[] = [];
  for (let i = 0; i < count; i++) values.push((await stream.next()).value);
  return values;
};

describe('LiveStream', () => {
  it('delivers in arrival order even when a later read finishes first, and skips events with nothing to deliver', async () => {
    const stream = new LiveStream(10, () => {}, () => {});
    stream.push(later(30, [{ result: result(1) }]));
    stream.push(later(1, []));
    stream.push(later(1, [{ result: result(2) }, { result: result(3) }]));
    expect(await take(stream, 3)).toEqual([result(1), result(2), result(3)]);
  });

  it('sends an id once, e.g. a notification both replayed and live', async () => {
    const stream = new LiveStream(10, () => {}, () => {});
    const replayed: Delivery[] = [{ id: 'a', result: result(1) }, { id: 'b', result: result(2) }];
    stream.push(Promise.resolve(replayed));
    stream.push(Promise.resolve([{ id: 'b', result: result(2) }]));
    stream.push(Promise.resolve([{ id: 'c', result: result(3) }]));
    expect(await take(stream, 3)).toEqual([result(1), result(2), result(3)]);
  });

  it('reports a client that falls maxPending events behind instead of queueing more', () => {
    let overflows = 0;
    const stream = new LiveStream(2, () => overflows++, () => {});
    for (let i = 0; i < 3; i++) stream.push(Promise.resolve([{ result: result(i) }]));
    expect(stream.pending).toBe(2);
    expect(overflows).toBe(1);
  });

  it('ends at once while waiting for an event, and a failed read delivers nothing', async () => {
    let ended = 0;
    const stream = new LiveStream(10, () => {}, () => ended++);
    stream.push(Promise.reject(new Error('subgraph down')));
    const waiting = stream.next();
    await later(5, undefined);
    await stream.return();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(ended).toBe(1);
    await stream.return();
    expect(ended).toBe(1);
  });
});
