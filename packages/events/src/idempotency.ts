/** Idempotent consumers: an event's effect and the record that it was processed commit in one transaction. */
import type { OutboxDatabase } from './relay';

/**
 * Records that `consumer` processed `eventId`, inside the transaction `tx` that applies the event. False when it was
 * processed before (a redelivery): the caller then does nothing. Every consuming context has a `processed_events` table.
 */
export async function processOnce(tx: Pick<OutboxDatabase, '$executeRawUnsafe'>, consumer: string, eventId: string): Promise<boolean> {
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
    consumer,
    eventId,
  );
  return inserted === 1;
}

/** `processOnce` for several events in one statement: the ids among `eventIds` not processed by `consumer` before. */
export async function processAllOnce(tx: Pick<OutboxDatabase, '$queryRawUnsafe'>, consumer: string, eventIds: string[]): Promise<Set<string>> {
  const rows = await tx.$queryRawUnsafe<{ event_id: string }[]>(
    `INSERT INTO processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id::text AS event_id`,
    consumer,
    eventIds,
  );
  return new Set(rows.map((row) => row.event_id));
}
