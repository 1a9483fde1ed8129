/** Runs a handler with retries and exponential backoff; the caller decides what "dead" means for its transport. */
import type { DomainEvent, EventHandler, RetryPolicy } from './types';

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
