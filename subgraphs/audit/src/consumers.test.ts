/**
 * The audit consumer on the real database and the real event machinery: events that wait together are appended in one
 * transaction, each exactly once, redeliveries skipped, and a bad event set aside alone without losing its batch.
 */
import { randomUUID } from 'node:crypto';
import { createContextEvents, createInProcessBus, type DomainEvent, type EventOf } from '@caregraph/events';
import { openServiceTestDatabase } from '@caregraph/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consumers } from './consumers';
import { PrismaClient } from './generated/prisma/client';
import { AuditTrail } from './services/trail';

let db: Awaited<ReturnType<typeof openServiceTestDatabase<PrismaClient>>>;
const bus = createInProcessBus();
let events: ReturnType<typeof createContextEvents<PrismaClient>>;
/** The ids of the events the consumer took, as its lag metric sees them. */
const taken: string[] = [];
beforeAll(async () => {
  db = await openServiceTestDatabase('audit', (options) => new PrismaClient(options));
  events = createContextEvents(db.prisma, bus, { taken: (_group, event) => void taken.push(event.id) });
  events.consume(consumers(new AuditTrail(db.prisma)));
});
afterAll(async () => {
  await events?.stop();
  await bus.close();
  await db?.close();
});

const report = (readAt = new Date().toISOString()): EventOf => ({
  id: randomUUID(),
  type: 'patients.phi.read',
  aggregateId: null,
  occurredAt: new Date().toISOString(),
  payload: { actorId: randomUUID(), actorRole: 'DOCTOR', operation: 'Chart', requestId: randomUUID(), readAt, reads: [{ patientId: randomUUID(), allowed: true, entities: [{ type: 'Patient', fields: ['givenName'] }] }] },
});
const entriesOf = (sources: DomainEvent[]) =>
  db.prisma.auditEntry.findMany({ where: { sourceId: { in: sources.map((e) => e.id) } }, orderBy: { sequence: 'asc' }, select: { sourceId: true, sequence: true, recordedAt: true } });
const stats = () => events.status().then((s) => s.consumers['audit.trail']!);
/** Publishes `batch` while the consumer is stopped, so it finds them all waiting when it starts again. */
const deliverWaiting = async (batch: DomainEvent[]) => {
  await events.stop();
  for (const event of batch) await bus.publish(event);
  events.start();
  await expect.poll(async () => (await stats()).idle, { timeout: 10_000 }).toBe(true);
};

it('appends the events waiting together in one transaction, in order, and a redelivered event never twice', async () => {
  events.start();
  const first = Array.from({ length: 30 }, () => report());
  await deliverWaiting(first);
  const appended = await entriesOf(first);
  expect(appended.map((e) => e.sourceId)).toEqual(first.map((e) => e.id));
  expect(new Set(appended.map((e) => e.recordedAt.getTime())).size).toBe(1); // one append: one transaction
  expect(appended.map((e) => Number(e.sequence))).toEqual(appended.map((_, i) => Number(appended[0]!.sequence) + i));

  // Ten of them again (a redelivery after a crash) among five new ones: only the new ones are appended.
  const fresh = Array.from({ length: 5 }, () => report());
  await deliverWaiting([...first.slice(0, 10), ...fresh]);
  expect((await entriesOf(first)).length).toBe(30);
  expect((await entriesOf(fresh)).map((e) => e.sourceId)).toEqual(fresh.map((e) => e.id));
});

it('applies a failing batch one event at a time, so only the bad event is dead-lettered', async () => {
  const before = await stats();
  const good = Array.from({ length: 6 }, () => report());
  const bad = report('not a date'); // cannot be hashed into the chain
  const batch = [...good.slice(0, 3), bad, ...good.slice(3)];
  taken.length = 0;
  await deliverWaiting(batch);
  // Each taken once for the lag metric, though the batch failed and the bad event was tried again and again.
  expect(taken).toEqual(batch.map((e) => e.id));
  expect((await entriesOf(good)).map((e) => e.sourceId)).toEqual(good.map((e) => e.id));
  expect(await entriesOf([bad])).toEqual([]);
  expect((await bus.deadLetters('audit.trail')).map((d) => d.event.id)).toEqual([bad.id]);
  expect((await stats()).deadLettered - before.deadLettered).toBe(1);
  const chain = await db.prisma.auditEntry.count();
  expect(chain).toBe(30 + 5 + 6);
});
