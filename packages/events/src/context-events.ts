/**
 * The event machinery of one context, written once for all of them: the transaction helper that producers use, the
 * consumers that apply other contexts' events exactly once, and the relay that publishes its outbox.
 */
import { randomUUID } from 'node:crypto';
import { currentTraceparent, inEventBatchSpan, inEventSpan } from '@caregraph/observability';
import type { EventPayload, EventType } from './catalogue';
import { processAllOnce, processOnce } from './idempotency';
import { createOutboxRelay, type OutboxDatabase, type RelayStatus } from './relay';
import { createReportWriter } from './reports';
import type { Consumer, ConsumerStats, DomainEvent, EventBus, EventOf } from './types';

/** A context's Prisma client as the event machinery needs it. */
export type TransactionalClient = OutboxDatabase & {
  $transaction(work: (tx: unknown) => Promise<unknown>): Promise<unknown>;
};

/** The transaction client of a Prisma client (Prisma's own `Prisma.TransactionClient` is this same Omit). */
export type TransactionOf<Client> = Omit<Client, '$connect' | '$disconnect' | '$on' | '$use' | '$extends'>;

/** A durable consumer of a context: `apply` runs in a transaction that also records the event as processed by `group`. */
export type ConsumerSpec<Tx> = {
  /** The consumer group, e.g. `patients.registrations`: one per purpose, so each keeps its own position. */
  group: string;
  types: readonly EventType[];
  apply(tx: Tx, event: EventOf): Promise<void>;
  /**
   * Optional: the effect of `apply` for each of `events`, in order, in one transaction, for a consumer whose cost is
   * per transaction rather than per event (the audit trail takes its chain lock once). Events waiting together, and
   * those arriving within BATCH_LINGER_MS of a short read, are then applied together; if that fails they are applied
   * one by one through `apply`.
   */
  applyAll?(tx: Tx, events: EventOf[]): Promise<void>;
};

/**
 * Declares a consumer of the `types` events; `apply` gets each event's payload typed by the catalogue. The cast is
 * safe because a bus delivers to a group only the types it registered.
 */
export function consumer<Tx, const T extends EventType>(spec: {
  group: string;
  types: readonly T[];
  apply(tx: Tx, event: EventOf<T>): Promise<void>;
  applyAll?(tx: Tx, events: EventOf<T>[]): Promise<void>;
}): ConsumerSpec<Tx> {
  return spec as unknown as ConsumerSpec<Tx>;
}

/**
 * How long a consumer with `applyAll` waits after a short read for more events to join its batch: a few ms of delay
 * for work nobody waits on, against one transaction per event under load.
 */
export const BATCH_LINGER_MS = 20;

export type EventsStatus = { outbox: RelayStatus; consumers: Record<string, ConsumerStats> };

export type ContextEvents<Client> = {
  /**
   * Runs `work` in one database transaction; whatever it records with `recordEvent(tx, …)` commits with the change
   * and is published as soon as the transaction commits.
   */
  transaction<R>(work: (tx: TransactionOf<Client>) => Promise<R>): Promise<R>;
  /**
   * Records one event that announces no change of its own (a report, such as a request's PHI reads) outside any
   * transaction: at once, or, while a statement of reports is under way, in the next with the others waiting
   * (reports.ts). It goes out at the relay's next poll (within 200 ms), with the other reports of that moment in one
   * batch, rather than at once: a relay pass per request would cost more than the request. Changes use `transaction`
   * instead.
   */
  record<T extends EventType>(type: T, aggregateId: string | null, payload: EventPayload<T>): Promise<string>;
  /** Registers consumers (before `start()`, so nothing published from then on is missed). */
  consume(specs: ConsumerSpec<TransactionOf<Client>>[]): void;
  start(): void;
  stop(): Promise<void>;
  status(): Promise<EventsStatus>;
};

/** What a context's event machinery tells its metrics. */
export type EventsObserver = {
  /** A consumer group took `event` (before applying it): the time since it committed is the event's lag. */
  taken?(group: string, event: DomainEvent): void;
};

/**
 * The relay of the context's outbox and its consumers, run from `start()`. Each event is applied in a span that
 * continues the trace it was recorded in (@caregraph/observability), so what a consumer writes and records joins it.
 */
export function createContextEvents<Client extends TransactionalClient>(prisma: Client, bus: EventBus, observer: EventsObserver = {}): ContextEvents<Client> {
  const relay = createOutboxRelay(prisma, bus);
  const reports = createReportWriter(prisma);
  const running: Consumer[] = [];
  // Prisma's own signature is generic in the result; the client is only known structurally here.
  const inTransaction = <R>(work: (tx: TransactionOf<Client>) => Promise<R>) => prisma.$transaction(work as (tx: unknown) => Promise<R>) as Promise<R>;
  return {
    async transaction(work) {
      const result = await inTransaction(work);
      relay.nudge();
      return result;
    },
    async record(type, aggregateId, payload) {
      const id = randomUUID();
      await reports.write({ id, type, aggregate_id: aggregateId, payload, traceparent: currentTraceparent() ?? null });
      return id;
    },
    consume(specs) {
      for (const spec of specs) {
        // Once per event a read handed over: a retry, or the one-by-one pass after a failed batch, takes it again.
        const observed = new WeakSet<DomainEvent>();
        const taken = (event: DomainEvent) => {
          if (observed.has(event)) return;
          observed.add(event);
          observer.taken?.(spec.group, event);
        };
        const handle = async (event: DomainEvent) => {
          taken(event);
          const applied = await inEventSpan(event, spec.group, () =>
            inTransaction(async (tx) => {
              if (!(await processOnce(tx, spec.group, event.id))) return false; // a redelivery: already applied
              await spec.apply(tx, event as EventOf);
              return true;
            }),
          );
          // Events a consumer records (e.g. the patient created from a registration) go out as promptly as a mutation's.
          if (applied) relay.nudge();
        };
        const { applyAll } = spec;
        const batch =
          applyAll &&
          (async (events: DomainEvent[]) => {
            for (const event of events) taken(event);
            const applied = await inEventBatchSpan(events, spec.group, () =>
              inTransaction(async (tx) => {
                const fresh = await processAllOnce(tx, spec.group, events.map((event) => event.id));
                const todo = events.filter((event) => fresh.has(event.id)); // the others are redeliveries
                if (todo.length) await applyAll(tx, todo as EventOf[]);
                return todo.length > 0;
              }),
            );
            if (applied) relay.nudge();
          });
        running.push(bus.consumer(spec.group, [...spec.types], handle, batch ? { batch, lingerMs: BATCH_LINGER_MS } : {}));
      }
    },
    start() {
      relay.start();
      for (const consumer of running) consumer.start();
    },
    async stop() {
      await Promise.all(running.map((consumer) => consumer.stop()));
      await reports.flush();
      await relay.stop();
    },
    async status() {
      return { outbox: await relay.status(), consumers: Object.fromEntries(running.map((c) => [c.group, c.stats()])) };
    },
  };
}
