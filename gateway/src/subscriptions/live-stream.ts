/**
 * One subscription's events, in the order they happened. Each event's payload is read concurrently with the others,
 * but delivered in arrival order: an entry is a promise of what to send for one event (nothing, when the subscriber
 * may not see it; many, for a replayed page). At most `maxPending` entries wait: a client that reads slower than its
 * events arrive is disconnected (it reconnects with its cursor) instead of growing the gateway's memory.
 */
import type { ExecutionResult } from 'graphql';

/** One message to send; a second one with the same `id` is dropped (the same event twice, a notification both replayed and live). */
export type Delivery = { id?: string; result: ExecutionResult };

/** How many delivered ids a stream remembers to drop duplicates. */
const REMEMBERED_IDS = 1_000;

export class LiveStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly entries: Promise<Delivery[]>[] = [];
  private readonly ready: Delivery[] = [];
  private readonly seen = new Set<string>();
  private wake: (() => void) | undefined;
  private ended = false;
  private readonly end: Promise<Delivery[]>;
  private finish!: () => void;

  constructor(
    private readonly maxPending: number,
    /** Called when the client falls `maxPending` events behind. */
    private readonly onOverflow: () => void,
    /** Called once when the stream ends (the client completed it, or the connection closed). */
    private readonly onEnd: () => void,
  ) {
    this.end = new Promise((resolve) => (this.finish = () => resolve([])));
  }

  get pending() {
    return this.entries.length;
  }

  push(entry: Promise<Delivery[]>): void {
    if (this.ended) return;
    if (this.entries.length >= this.maxPending) return this.onOverflow();
    this.entries.push(entry.catch(() => []));
    this.wake?.();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      const delivery = this.ready.shift();
      if (delivery) {
        if (delivery.id !== undefined) {
          if (this.seen.has(delivery.id)) continue;
          this.seen.add(delivery.id);
          if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value!);
        }
        return { done: false, value: delivery.result };
      }
      const head = this.entries[0];
      if (!head) {
        await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), this.end]);
        this.wake = undefined;
        continue;
      }
      const deliveries = await Promise.race([head, this.end]);
      if (this.ended) continue;
      this.entries.shift();
      this.ready.push(...deliveries);
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.ended) {
      this.ended = true;
      this.entries.length = 0;
      this.ready.length = 0;
      this.finish();
      this.onEnd();
    }
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
