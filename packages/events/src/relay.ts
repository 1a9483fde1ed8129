/**
 * Publishes a context's pending outbox rows to the bus, in order and a batch at a time, marking a batch once the bus
 * has it (at-least-once).
 */
import type { DomainEvent, EventBus } from './types';

/** The raw SQL a relay needs; every context's Prisma client has it and the same `outbox_events` table. */
export type OutboxDatabase = {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
};

type Row = { id: string; type: string; aggregate_id: string | null; payload: Record<string, unknown>; created_at: Date; traceparent: string | null };

export type RelayStatus = { pending: number; failing: number; lastError?: string };

export type OutboxRelay = {
  start(): void;
  /** Publishes now rather than at the next poll (after a transaction that recorded events). */
  nudge(): void;
  stop(): Promise<void>;
  status(): Promise<RelayStatus>;
};

export function createOutboxRelay(db: OutboxDatabase, bus: EventBus, { intervalMs = 200, batchSize = 100, maxBackoffMs = 5_000 } = {}): OutboxRelay {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> | undefined;
  let failures = 0;
  let lastError: string | undefined;
  /** A nudge that came while a tick was running: that tick may have read the outbox before the new rows committed. */
  let nudgedDuringTick = false;

  /** Publishes until the outbox is empty or the bus fails; returns whether everything pending went out. */
  const publishPending = async (): Promise<boolean> => {
    for (;;) {
      const rows = await db.$queryRawUnsafe<Row[]>(
        `SELECT id::text AS id, type, aggregate_id, payload, created_at, traceparent FROM outbox_events WHERE published_at IS NULL ORDER BY created_at, id LIMIT $1`,
        batchSize,
      );
      if (rows.length === 0) return true;
      const events = rows.map(
        (row): DomainEvent => ({
          id: row.id,
          type: row.type,
          aggregateId: row.aggregate_id,
          occurredAt: new Date(row.created_at).toISOString(),
          payload: row.payload,
          ...(row.traceparent ? { traceparent: row.traceparent } : {}),
        }),
      );
      try {
        await bus.publishAll(events);
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        // The oldest row holds the others back: keep order, nothing after it goes out before it.
        await db.$executeRawUnsafe(`UPDATE outbox_events SET attempts = attempts + 1, last_error = $2 WHERE id = $1::uuid`, rows[0]!.id, lastError);
        return false;
      }
      // Marked once per batch: a crash before the mark publishes them again, which at-least-once delivery allows.
      await db.$executeRawUnsafe(
        `UPDATE outbox_events SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])`,
        rows.map((row) => row.id),
      );
      if (rows.length < batchSize) return true;
    }
  };

  const schedule = (delay: number) => {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(run, delay);
  };
  const run = () => {
    if (!running || tick) return;
    tick = publishPending()
      .catch((error: unknown) => {
        lastError = error instanceof Error ? error.message : String(error);
        return false;
      })
      .then((ok) => {
        failures = ok ? 0 : failures + 1;
        tick = undefined;
        const again = ok && nudgedDuringTick;
        nudgedDuringTick = false;
        schedule(again ? 0 : ok ? intervalMs : Math.min(intervalMs * 2 ** failures, maxBackoffMs));
      });
  };

  return {
    start() {
      if (running) return;
      running = true;
      run();
    },
    nudge: () => {
      if (failures) return; // backing off: the bus is failing, the next attempt is already scheduled
      if (tick) nudgedDuringTick = true;
      else schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await tick;
    },
    async status() {
      const [counts] = await db.$queryRawUnsafe<{ pending: number; failing: number }[]>(
        `SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS failing FROM outbox_events WHERE published_at IS NULL`,
      );
      return { pending: counts?.pending ?? 0, failing: counts?.failing ?? 0, ...(lastError && failures ? { lastError } : {}) };
    },
  };
}
