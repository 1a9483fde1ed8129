/**
 * Prometheus metrics (docs/operations.md, "Metrics"): one registry per service, scraped at its `/metrics`. The
 * instruments are the same on the gateway and on every subgraph, so one dashboard reads them all; each service adds
 * what only it knows (the gateway its subgraph calls and subscriptions, a subgraph its outbox and consumers) as values
 * read when Prometheus scrapes, never on the request path.
 */
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; from a cached lookup to a subgraph call that is about to time out (SUBGRAPH_TIMEOUT_MS is 10 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds from an event's commit to a consumer taking it: milliseconds when healthy, minutes when a bus was down. */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/**
 * Operation names come from clients: past this many distinct ones a process counts the rest as `other`, so a client
 * inventing names cannot grow the scrape without bound.
 */
const MAX_OPERATION_NAMES = 200;

/** What a finished GraphQL request over HTTP tells the metrics. */
export type RequestObservation = {
  /** The operation's name as parsed; none for an anonymous operation. */
  operation?: string | null;
  /** `query`, `mutation` or `subscription`; none when the request never parsed. */
  type?: string | null;
  seconds: number;
  /** The `extensions.code` of every error the client was sent. */
  errorCodes: Iterable<string>;
};

export type SubgraphCallOutcome = 'ok' | 'error' | 'unavailable';

/** One value of a metric read at scrape time, with its labels (`{}` for a metric without labels). */
export type Reading<Label extends string> = [labels: Partial<Record<Label, string>>, value: number];
type Read<Label extends string> = () => Promise<Reading<Label>[]> | Reading<Label>[];

/** A prom-client `collect` that replaces the metric's values with what `read` gives, at every scrape. */
function readAtScrape<Label extends string, M extends { reset(): void }>(read: Read<Label>, put: (metric: M, labels: Partial<Record<Label, string>>, value: number) => void) {
  return async function (this: M) {
    const readings = await read();
    this.reset();
    for (const [labels, value] of readings) put(this, labels, value);
  };
}

/**
 * `read` shared by the metrics of one scrape: they are collected together, and the value behind them (a database
 * count, say) is read once rather than once per metric.
 */
export function readOncePerScrape<T>(read: () => Promise<T>, ttlMs = 1_000): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const value = read();
      cached = { at: Date.now(), value };
      value.catch(() => (cached = undefined));
    }
    return cached.value;
  };
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'code'>;
  private readonly operations = new Set<string>();
  private eventLag?: Histogram<'group'>;

  /**
   * `service` labels every series (`gateway`, `scheduling`, …). `processMetrics` adds Node's own (CPU, memory, event
   * loop, GC): once per process, so embedded mode gives them to the gateway only.
   */
  constructor(
    readonly service: string,
    { processMetrics }: { processMetrics: boolean },
  ) {
    this.registry.setDefaultLabels({ service });
    if (processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'caregraph_' });
    this.requestDuration = new Histogram({
      name: 'caregraph_graphql_request_duration_seconds',
      help: 'GraphQL requests over HTTP by operation name and type, from the first byte in to the response sent',
      labelNames: ['operation', 'type'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'caregraph_graphql_errors_total',
      help: 'Errors sent to clients, by extensions.code',
      labelNames: ['code'],
      registers: [this.registry],
    });
  }

  observeRequest({ operation, type, seconds, errorCodes }: RequestObservation): void {
    this.requestDuration.observe({ operation: this.operationLabel(operation, type), type: type ?? 'unparsed' }, seconds);
    for (const code of errorCodes) this.errors.inc({ code });
  }

  /** A consumer took an event `seconds` after it committed (the outbox row's time): relay, bus and queue together. */
  observeEventLag(group: string, seconds: number): void {
    this.eventLag ??= this.histogram('caregraph_event_lag_seconds', 'Time from an event committing in its outbox to a consumer group taking it', ['group'], LAG_BUCKETS);
    this.eventLag.observe({ group }, Math.max(0, seconds));
  }

  /** A histogram of this registry (for what one service alone measures). */
  histogram<Label extends string>(name: string, help: string, labelNames: Label[], buckets = LATENCY_BUCKETS): Histogram<Label> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** A gauge read when Prometheus scrapes: `read` gives its value per label set (outbox depth, open subscriptions). */
  gauge<Label extends string>(name: string, help: string, labelNames: Label[], read: Read<Label>): void {
    new Gauge({ name, help, labelNames, registers: [this.registry], collect: readAtScrape(read, (gauge: Gauge<Label>, labels, value) => gauge.set(labels, value)) });
  }

  /**
   * A counter whose total another component already keeps (a consumer's processed events), read when scraped rather
   * than counted twice.
   */
  totals<Label extends string>(name: string, help: string, labelNames: Label[], read: Read<Label>): void {
    new Counter({ name, help, labelNames, registers: [this.registry], collect: readAtScrape(read, (counter: Counter<Label>, labels, value) => counter.inc(labels, value)) });
  }

  /** The registry in Prometheus text format. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private operationLabel(name: string | null | undefined, type: string | null | undefined): string {
    if (!type) return 'unparsed';
    if (!name) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return 'other';
    this.operations.add(name);
    return name;
  }
}

/**
 * `GET /metrics`. With a `token` (METRICS_TOKEN), only a scraper sending `Authorization: Bearer <token>` is answered:
 * operation names and error rates are not for the public internet.
 */
export function metricsHandler(metrics: Metrics, token?: string): RequestHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return async (req, res) => {
    if (expected) {
      const offered = Buffer.from(req.get('authorization') ?? '');
      if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) {
        res.status(401).set('www-authenticate', 'Bearer').json({ error: 'metrics need the scrape token (METRICS_TOKEN)' });
        return;
      }
    }
    try {
      const { contentType, body } = await metrics.scrape();
      res.set('content-type', contentType).send(body);
    } catch (error) {
      res.status(503).json({ error: `metrics could not be read: ${(error as Error).message}` });
    }
  };
}
