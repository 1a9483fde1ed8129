/** The event machinery of one context: the relay for its outbox and its durable consumers, started and stopped together. */
import { createOutboxRelay, type OutboxDatabase, type RelayStatus } from './relay';
import type { Consumer, ConsumerStats, EventBus, EventHandler } from './types';

export type ConsumerSpec = {
  /** The consumer group, e.g. `patients.registrations`: one per purpose, so each keeps its own position. */
  group: string;
  types: string[];
  handle: EventHandler;
};

export type EventsStatus = { outbox: RelayStatus; consumers: Record<string, ConsumerStats> };

export type ContextEvents = {
  /** Registers consumers (before `start()`, so nothing published from then on is missed). */
  consume(specs: ConsumerSpec[]): void;
  start(): void;
  /** Publish recorded events now rather than at the next poll. */
  nudge(): void;
  stop(): Promise<void>;
  status(): Promise<EventsStatus>;
};

/** The relay of the context's outbox and its consumers, run from `start()`. */
export function createContextEvents(db: OutboxDatabase, bus: EventBus): ContextEvents {
  const relay = createOutboxRelay(db, bus);
  const running: Consumer[] = [];
  return {
    consume(specs) {
      for (const spec of specs) running.push(bus.consumer(spec.group, spec.types, spec.handle));
    },
    start() {
      relay.start();
      for (const consumer of running) consumer.start();
    },
    nudge: () => relay.nudge(),
    async stop() {
      await Promise.all(running.map((consumer) => consumer.stop()));
      await relay.stop();
    },
    async status() {
      return { outbox: await relay.status(), consumers: Object.fromEntries(running.map((c) => [c.group, c.stats()])) };
    },
  };
}
