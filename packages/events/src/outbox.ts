/** The transactional outbox: a domain event is written in the same database transaction as the change it announces. */
import { randomUUID } from 'node:crypto';
import { currentTraceparent } from '@caregraph/observability';
import type { EventPayload, EventType } from './catalogue';

/** `traceparent`: the trace of the transaction that recorded the event, which its consumers continue (when tracing). */
export type OutboxRow = { id: string; type: string; aggregateId: string | null; payload: object; traceparent?: string | null };
/** What each context's Prisma transaction offers: every context schema has the same `OutboxEvent` model. */
export type OutboxWriter = { outboxEvent: { create(args: { data: OutboxRow }): Promise<unknown> } };

/**
 * Records `type` with its payload inside the caller's transaction `tx`; returns the event id. Call it inside
 * `events.transaction(...)` (or a consumer's `apply`), which publishes it promptly once the transaction commits.
 */
export async function recordEvent<T extends EventType>(tx: OutboxWriter, type: T, aggregateId: string | null, payload: EventPayload<T>): Promise<string> {
  const id = randomUUID();
  await tx.outboxEvent.create({ data: { id, type, aggregateId, payload, traceparent: currentTraceparent() ?? null } });
  return id;
}
