/**
 * OpenTelemetry traces (docs/operations.md, "Traces"), off unless OTEL_TRACES_EXPORTER says otherwise. One trace
 * follows a request from the gateway (its own span, then Apollo's plan and fetch spans) over HTTP to each subgraph
 * (`traceparent`), into that subgraph's database (Prisma's spans), and through the events it records: an outbox row
 * keeps the `traceparent` of the transaction that wrote it, and the consumer that applies the event continues the
 * trace, so a booking's trace reaches the invoice billing drafted from it.
 *
 * Everything here is a no-op while tracing is off: no context manager is installed, nothing is propagated, and the
 * request path pays one boolean test.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';

export type TracingConfig = {
  /** `none` (the default), `otlp` (OTLP over HTTP/JSON to `endpoint`) or `console` (spans printed on stdout). */
  exporter: 'none' | 'otlp' | 'console';
  /** The collector's base URL; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** Share of new traces kept, 0–1; a trace continues as its parent decided. */
  sampleRatio: number;
};

export type Tracing = { shutdown(): Promise<void> };

const TRACER = 'caregraph';
let active = false;

/** Whether this process records traces. */
export const tracingActive = (): boolean => active;

/**
 * A trace starts only where work enters the platform: a request (SERVER) or an event taken from the bus (CONSUMER).
 * The outbox relay's and consumers' polling queries run outside any request and would otherwise each start a trace of
 * a lone SQL statement, several a second.
 */
function entrySampler(ratio: number): Sampler {
  const ratioSampler = new TraceIdRatioBasedSampler(ratio);
  const root: Sampler = {
    shouldSample: (ctx, traceId, _name, kind) =>
      kind === SpanKind.SERVER || kind === SpanKind.CONSUMER ? ratioSampler.shouldSample(ctx, traceId) : { decision: SamplingDecision.NOT_RECORD },
    toString: () => `EntrySpansOnly{${ratio}}`,
  };
  return new ParentBasedSampler({ root });
}

/**
 * Installs tracing for this process as `serviceName` (`caregraph-gateway`, `caregraph-scheduling`, or `caregraph` for
 * the embedded platform), or returns undefined when the exporter is `none`. `shutdown` exports what is buffered and
 * uninstalls everything, so a process (or a test) can start again cleanly.
 */
export function startTracing(config: TracingConfig, serviceName: string): Tracing | undefined {
  if (config.exporter === 'none' || active) return undefined;
  const exporter: SpanExporter = config.exporter === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter({ url: `${config.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    sampler: entrySampler(config.sampleRatio),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator; @apollo/gateway's spans use it too.
  provider.register();
  const prisma = new PrismaInstrumentation();
  prisma.setTracerProvider(provider);
  prisma.enable();
  active = true;
  return {
    async shutdown() {
      active = false;
      prisma.disable();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

const tracer = () => trace.getTracer(TRACER);

/** Adds the current span's `traceparent` (and `tracestate`) to outgoing request headers. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  if (active) propagation.inject(context.active(), headers);
}

/** The `traceparent` of the current span, to store with an event recorded now; undefined when not tracing. */
export function currentTraceparent(): string | undefined {
  if (!active) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Runs `work` in a span, ending it with the outcome; without tracing, just runs `work`. */
export async function inSpan<T>(name: string, options: { kind: SpanKind; parent?: Context; attributes?: Attributes; links?: Link[] }, work: (span?: Span) => Promise<T>): Promise<T> {
  if (!active) return work();
  return tracer().startActiveSpan(name, { kind: options.kind, attributes: options.attributes, links: options.links }, options.parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** What every consumer span says: a group is named `<context>.<purpose>`, and its context is the span's service. */
const consumerAttributes = (group: string): Attributes => ({
  'caregraph.service': group.split('.')[0],
  'messaging.system': 'caregraph',
  'messaging.operation.type': 'process',
  'messaging.consumer.group.name': group,
});

/**
 * Applies an event in a CONSUMER span that continues the trace the event was recorded in (its `traceparent`), or
 * starts one for an event recorded outside any trace.
 */
export function inEventSpan<T>(event: { id: string; type: string; traceparent?: string }, group: string, work: () => Promise<T>): Promise<T> {
  if (!active) return work();
  const parent = event.traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent: event.traceparent }) : ROOT_CONTEXT;
  return inSpan(`${event.type} process`, {
    kind: SpanKind.CONSUMER,
    parent,
    attributes: { ...consumerAttributes(group), 'messaging.destination.name': event.type, 'messaging.message.id': event.id },
  }, work);
}

/**
 * Applies several events at once (a consumer's batch) in one CONSUMER span of its own, linked to the trace each event
 * was recorded in: a span has one parent, and a batch joins many traces.
 */
export function inEventBatchSpan<T>(events: { id: string; traceparent?: string }[], group: string, work: () => Promise<T>): Promise<T> {
  if (!active) return work();
  const links = events.flatMap(({ traceparent }): Link[] => {
    const linked = traceparent ? trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent })) : undefined;
    return linked ? [{ context: linked }] : [];
  });
  return inSpan(`${group} process`, {
    kind: SpanKind.CONSUMER,
    parent: ROOT_CONTEXT,
    links,
    attributes: { ...consumerAttributes(group), 'messaging.batch.message_count': events.length },
  }, work);
}

/** What the SERVER span of a request learns once the response is on its way. */
export type RequestSpanFacts = { requestId?: string; operation?: string | null; operationType?: string | null; errorCodes?: Iterable<string> };

/**
 * A step of `/graphql` (after the body parser, so the span's context is the one the request's handlers
 * run in): a SERVER span that continues the caller's `traceparent`. `facts` reads what the access log settled on.
 */
export function traceRequests(service: string, facts: (res: ServerResponse) => RequestSpanFacts): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    if (!active) return next();
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer().startSpan(`${req.method} /graphql`, { kind: SpanKind.SERVER, attributes: { 'caregraph.service': service, 'http.request.method': req.method, 'url.path': '/graphql' } }, parent);
    res.once('close', () => {
      const { requestId, operation, operationType, errorCodes } = facts(res);
      const codes = [...(errorCodes ?? [])];
      span.setAttributes({
        'http.response.status_code': res.statusCode,
        ...(requestId ? { 'caregraph.request_id': requestId } : {}),
        ...(operation ? { 'graphql.operation.name': operation } : {}),
        ...(operationType ? { 'graphql.operation.type': operationType } : {}),
        ...(codes.length ? { 'caregraph.error_codes': codes } : {}),
      });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (operation) span.updateName(`${operationType ?? 'graphql'} ${operation}`);
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

export { SpanKind };
