/**
 * Reports (events that announce no change of their own, such as a request's PHI reads) written to the outbox several
 * at a time under load: one statement, one round trip and one commit for the reports that arrived during the previous
 * one, instead of one of each per request (docs/performance.md). Nobody waits on a report: it is made after the client has its answer,
 * and the relay publishes it at its next poll.
 */
import type { OutboxDatabase } from './relay';

/** At most this many reports per statement. */
export const REPORT_BATCH = 100;

export type ReportRow = { id: string; type: string; aggregate_id: string | null; payload: unknown; traceparent: string | null };

// One statement text whatever the batch's size, so PostgreSQL prepares it once per connection.
const INSERT_REPORTS = `INSERT INTO outbox_events (id, type, aggregate_id, payload, traceparent)
  SELECT id, type, aggregate_id, payload, traceparent
  FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, type text, aggregate_id text, payload jsonb, traceparent text)`;

export type ReportWriter = {
  /** Resolves once the report is in the outbox (with the others of its batch); rejects if that statement failed. */
  write(row: ReportRow): Promise<void>;
  /** Resolves once nothing is waiting (on stop, so nothing waiting is lost). */
  flush(): Promise<void>;
};

/**
 * A report is written at once when no statement is under way; those that arrive while one is go together in the
 * next. Nothing waits longer than it did alone, and under load each statement carries the reports of its round trip.
 */
export function createReportWriter(db: OutboxDatabase): ReportWriter {
  const waiting: { row: ReportRow; settle(error?: unknown): void }[] = [];
  let writing: Promise<void> | undefined;
  const drain = async () => {
    while (waiting.length > 0) {
      const batch = waiting.splice(0, REPORT_BATCH);
      try {
        await db.$executeRawUnsafe(INSERT_REPORTS, JSON.stringify(batch.map(({ row }) => row)));
        for (const { settle } of batch) settle();
      } catch (error) {
        for (const { settle } of batch) settle(error ?? new Error('reports not written'));
      }
    }
    // Cleared in the same step that found nothing waiting, so the next report starts a statement of its own.
    writing = undefined;
  };
  return {
    write(row) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ row, settle: (error) => (error === undefined ? resolve() : reject(error)) });
        writing ??= drain();
      });
    },
    flush: () => writing ?? Promise.resolve(),
  };
}
