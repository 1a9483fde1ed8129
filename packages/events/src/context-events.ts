/** The event machinery of one context: the relay for its outbox and its durable consumers, started and stopped together. */
import { createOutboxRelay, type OutboxDatabase, type RelayStatus } from './relay';
import type { ConsumerStats, EventBus, EventHandler } from './types';

export type ConsumerSpec = {
  /** The consumer group, e.g. `patients.registrations`: one per purpose, so each keeps its own position. */
  group: string;
  types: string[];
  handle: EventHandler;
};

export type EventsStatus = { outbox: RelayStatus; consumers: Record<string, ConsumerStats> };

export type ContextEvents = {
  start(): void;
  /** Publish recorded events now rather than at the next poll. */
  nudge(): void;
  stop(): Promise<void>;
  status(): Promise<EventsStatus>;
};

/** Registers the consumers at once (nothing published from now on is missed) and runs them from `start()`. */
export function createContextEvents(db: OutboxDatabase, bus: EventBus, consumers: ConsumerSpec[] = []): ContextEvents {
  const relay = createOutboxRelay(db, bus);
  const running = consumers.map((spec) => bus.consumer(spec.group, spec.types, spec.handle));
  return {
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
