/**
 * Reports (events that announce no change of their own, such as a request's PHI reads) written to the outbox several
 * at a time: one statement, one round trip and one commit for the reports of the last few milliseconds, instead of
 * one of each per request (docs/performance.md). Nobody waits on a report: it is made after the client has its answer,
 * and the relay publishes it at its next poll.
 */
import type { OutboxDatabase } from './relay';

/** At most this many reports per statement… */
export const REPORT_BATCH = 100;
/** …and a report waits at most this long for others to join it. */
export const REPORT_LINGER_MS = 10;

export type ReportRow = { id: string; type: string; aggregate_id: string | null; payload: unknown; traceparent: string | null };

// One statement text whatever the batch's size, so PostgreSQL prepares it once per connection.
const INSERT_REPORTS = `INSERT INTO outbox_events (id, type, aggregate_id, payload, traceparent)
  SELECT id, type, aggregate_id, payload, traceparent
  FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, type text, aggregate_id text, payload jsonb, traceparent text)`;

export type ReportWriter = {
  /** Resolves once the report is in the outbox (with the others of its batch); rejects if that statement failed. */
  write(row: ReportRow): Promise<void>;
  /** Writes what is waiting now (on stop, so nothing waiting is lost). */
  flush(): Promise<void>;
};

export function createReportWriter(db: OutboxDatabase): ReportWriter {
  let waiting: { row: ReportRow; settle(error?: unknown): void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  // One statement at a time: the reports that arrive meanwhile form the next batch.
  let written: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return written;
    written = written.then(() =>
      db.$executeRawUnsafe(INSERT_REPORTS, JSON.stringify(batch.map(({ row }) => row))).then(
        () => batch.forEach(({ settle }) => settle()),
        (error: unknown) => batch.forEach(({ settle }) => settle(error)),
      ),
    );
    return written;
  };
  return {
    write(row) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ row, settle: (error) => (error === undefined ? resolve() : reject(error)) });
        if (waiting.length >= REPORT_BATCH) void flush();
        else timer ??= setTimeout(flush, REPORT_LINGER_MS);
      });
    },
    flush,
  };
}
