/** The transactional outbox: a domain event is written in the same database transaction as the change it announces. */
import { randomUUID } from 'node:crypto';

/** Event names are past tense, `context.entity.verb` (ARCHITECTURE.md). */
export type EventType = `${string}.${string}.${string}`;

export type OutboxRow = { id: string; type: string; aggregateId: string | null; payload: object };

/** What each context's Prisma transaction offers: every context schema has the same `OutboxEvent` model. */
export type OutboxWriter = { outboxEvent: { create(args: { data: OutboxRow }): Promise<unknown> } };

/** Records `type` with its payload inside the caller's transaction `tx`; returns the event id. */
export async function recordEvent(tx: OutboxWriter, type: EventType, aggregateId: string | null, payload: object): Promise<string> {
  const id = randomUUID();
  await tx.outboxEvent.create({ data: { id, type, aggregateId, payload } });
  return id;
}
