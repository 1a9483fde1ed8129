/** Reports written several at a time, on a context's real (PGlite) database with its own migrations. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServiceTestDatabase, type ServiceTestDatabase } from '@caregraph/testkit';
// A real generated client: what matters is the outbox table its migrations made.
import { PrismaClient } from '../../../subgraphs/patients/src/generated/prisma/client';
import { createReportWriter, REPORT_BATCH, type ReportRow } from './reports';

let db: ServiceTestDatabase<PrismaClient>;
let statements = 0;
// The real database, its statements counted on the way.
const counted = {
  $queryRawUnsafe: <T>(query: string, ...values: unknown[]) => db.prisma.$queryRawUnsafe<T>(query, ...values),
  $executeRawUnsafe: (query: string, ...values: unknown[]) => (statements++, db.prisma.$executeRawUnsafe(query, ...values)),
};
beforeAll(async () => {
  db = await openServiceTestDatabase('patients', (options) => new PrismaClient(options));
});
afterAll(() => db?.close());

const report = (type: string, n: number): ReportRow => ({ id: randomUUID(), type, aggregate_id: n % 2 ? `agg-${n}` : null, payload: { n, reads: [{ patientId: randomUUID() }] }, traceparent: n % 3 ? null : `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` });
const stored = async (type: string) =>
  db.prisma.$queryRawUnsafe<{ id: string; aggregate_id: string | null; payload: { n: number }; traceparent: string | null }[]>(
    `SELECT id::text, aggregate_id, payload, traceparent FROM outbox_events WHERE type = $1 ORDER BY (payload->>'n')::int`,
    type,
  );

describe('createReportWriter', () => {
  it('writes a report at once, and those that arrive meanwhile together in the next statement, every field as given', async () => {
    const writer = createReportWriter(counted);
    const type = `test.report.${randomUUID().slice(0, 8)}`;
    const rows = Array.from({ length: 30 }, (_, n) => report(type, n));
    statements = 0;
    await Promise.all(rows.map((row) => writer.write(row)));
    expect(statements).toBe(2);
    expect(await stored(type)).toEqual(rows.map(({ id, aggregate_id, payload, traceparent }) => ({ id, aggregate_id, payload, traceparent })));
    // Alone, a report still gets its statement at once.
    statements = 0;
    await writer.write(report(type, 30));
    expect(statements).toBe(1);
  });

  it(`writes at most ${REPORT_BATCH} per statement, one statement at a time, and loses none`, async () => {
    const writer = createReportWriter(counted);
    const type = `test.report.${randomUUID().slice(0, 8)}`;
    statements = 0;
    await Promise.all(Array.from({ length: 2 * REPORT_BATCH + 51 }, (_, n) => writer.write(report(type, n))));
    expect(statements).toBe(4); // 1, then 100, 100 and 50
    expect((await stored(type)).map((row) => row.payload.n)).toEqual(Array.from({ length: 2 * REPORT_BATCH + 51 }, (_, n) => n));
  });

  it('flushes (on stop) once nothing is waiting', async () => {
    const writer = createReportWriter(counted);
    const type = `test.report.${randomUUID().slice(0, 8)}`;
    const written = Array.from({ length: 5 }, (_, n) => writer.write(report(type, n)));
    await writer.flush();
    expect(await stored(type)).toHaveLength(5);
    await Promise.all(written);
    await writer.flush();
  });

  it('rejects the writers of a failed statement only; the next batch is written', async () => {
    const writer = createReportWriter(counted);
    const type = `test.report.${randomUUID().slice(0, 8)}`;
    // The first goes alone; the next two share a statement, which fails on the bad id.
    const outcomes = await Promise.allSettled([writer.write(report(type, 1)), writer.write(report(type, 2)), writer.write({ ...report(type, 3), id: 'not-a-uuid' })]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    await writer.write(report(type, 4));
    expect((await stored(type)).map((row) => row.payload.n)).toEqual([1, 4]);
  });
});
