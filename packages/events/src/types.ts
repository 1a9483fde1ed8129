/** Domain events and the bus that carries them between contexts (docs/architecture.md, "Events"). */
import type { EventCatalogue, EventType } from './catalogue';

/** A fact that happened in one context, announced to the others. Event names are past tense: `context.entity.verb`. */
export type DomainEvent<Payload = Record<string, unknown>> = {
  id: string;
  type: string;
  /** The entity the event is about. */
  aggregateId: string | null;
  occurredAt: string;
  payload: Payload;
  /** W3C trace context of the transaction that recorded it, when that process was tracing. */
  traceparent?: string;
};

/** An event of one of the `T` types of the catalogue, narrowed by `type`. */
export type EventOf<T extends EventType = EventType> = { [K in T]: DomainEvent<EventCatalogue[K]> & { type: K } }[T];

export type EventHandler = (event: DomainEvent) => Promise<void>;
/**
 * Applies several events at once, all or nothing (one transaction), where the cost is per call rather than per event.
 * A bus tries it once for the events of one read; if it fails, the bus hands the same events to the consumer's
 * `EventHandler` one by one, with the usual retries, so a bad event is set aside alone.
 */
export type BatchHandler = (events: DomainEvent[]) => Promise<void>;

/** How often a failing event is retried before it is set aside as dead. */
export type RetryPolicy = { maxAttempts: number; initialDelayMs: number; maxDelayMs: number };
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 5_000 };

export type ConsumerOptions = {
  retry?: Partial<RetryPolicy>;
  batch?: BatchHandler;
  /** With `batch`: after a read of fewer than READ_COUNT events, wait this long for more to join it. */
  lingerMs?: number;
};
/** The most events a consumer takes, and hands to a `BatchHandler`, at once. */
export const READ_COUNT = 50;

export type ConsumerStats = {
  processed: number;
  retried: number;
  deadLettered: number;
  running: boolean;
  /** Nothing in hand and nothing waiting (as of the last read). */
  idle: boolean;
};

/** A durable subscription of a named group: events published while it is stopped are delivered once it starts again. */
export interface Consumer {
  readonly group: string;
  start(): void;
  /** Stops taking new events and waits for the one in hand. */
  stop(): Promise<void>;
  stats(): ConsumerStats;
}

/**
 * At-least-once delivery: Redis Streams with consumer groups in production, in-process when embedded. Handlers must be
 * idempotent: context consumers get that from `createContextEvents`, which applies each event once per group.
 */
export interface EventBus {
  readonly kind: 'in-process' | 'redis';
  publish(event: DomainEvent): Promise<void>;
  /**
   * Publishes these events in order: the relay hands over an outbox batch at once (one write to Redis, not one per
   * event). When it fails, none of them counts as published and the batch goes again, in the same order (any that
   * did go out are delivered twice).
   */
  publishAll(events: readonly DomainEvent[]): Promise<void>;
  /** Registers `group` for `types` at once (so nothing published from now on is missed), delivering to `handler` once started. */
  consumer(group: string, types: string[], handler: EventHandler, options?: ConsumerOptions): Consumer;
  /** Events a group gave up on after its retries, oldest first. */
  deadLetters(group: string): Promise<{ event: DomainEvent; error: string }[]>;
  close(): Promise<void>;
}
