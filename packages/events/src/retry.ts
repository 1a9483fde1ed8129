/** Runs a handler with retries and exponential backoff; the caller decides what "dead" means for its transport. */
import { READ_COUNT, type BatchHandler, type DomainEvent, type EventHandler, type RetryPolicy } from './types';

export type Delivery = { outcome: 'processed'; retries: number } | { outcome: 'dead'; retries: number; error: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function deliverWithRetry(handler: EventHandler, event: DomainEvent, policy: RetryPolicy, isStopping: () => boolean): Promise<Delivery> {
  let delay = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await handler(event);
      return { outcome: 'processed', retries: attempt - 1 };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= policy.maxAttempts) return { outcome: 'dead', retries: attempt - 1, error: message };
      // A stopping consumer leaves the event undelivered: it is redelivered when the consumer comes back.
      if (isStopping()) throw error;
      await sleep(delay);
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}

/**
 * Delivers the events of one read in order: up to READ_COUNT at a time through `batch` when there is one and more than
 * one event (a single attempt), otherwise, or when that attempt fails, one by one with retries. `settled` is told of each delivered
 * group of events, so the transport acknowledges what was handled even if a stop interrupts the rest.
 */
export async function deliverAll(
  events: DomainEvent[],
  handler: EventHandler,
  batch: BatchHandler | undefined,
  policy: RetryPolicy,
  isStopping: () => boolean,
  settled: (events: DomainEvent[], delivery: Delivery) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < events.length; start += READ_COUNT) {
    if (isStopping()) return;
    const chunk = events.slice(start, start + READ_COUNT);
    if (batch && chunk.length > 1 && (await batch(chunk).then(() => true, () => false))) {
      await settled(chunk, { outcome: 'processed', retries: 0 });
      continue;
    }
    for (const event of chunk) {
      if (isStopping()) return;
      await settled([event], await deliverWithRetry(handler, event, policy, isStopping));
    }
  }
}
