/**
 * Metrics and traces of the embedded platform, read as Prometheus and an OpenTelemetry collector would: `/metrics` on
 * the gateway and on each subgraph in Prometheus text format, and one trace of a booking from the gateway through
 * scheduling and its database to the billing consumer that drafted the invoice. Services mode (separate processes,
 * Redis Streams) is covered in services-mode.int.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAvailability, createTestPatient, createTestPractitioner, eventually, startTestPlatform, startTraceCollector, type CollectedSpan, type TestPlatform } from '@caregraph/testkit';

const DAY = 86_400_000;
const METRICS_TOKEN = 'scrape-token-for-tests-only';
const FREE = 'query Free($id: ID!, $from: DateTime!, $to: DateTime!) { practitioner(id: $id) { availability(from: $from, to: $to) { start } } }';
const BOOK = 'mutation BookVisit($i: BookAppointmentInput!) { bookAppointment(input: $i) { id } }';

/** A sample line of the Prometheus text format: `name{label="value",…} number`. */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|[+-]Inf)$/;

/** Parses a scrape, failing on any line that is not a HELP, TYPE or sample line, into `series → value`. */
function parseScrape(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n').filter(Boolean)) {
    if (/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    expect(line, 'a Prometheus sample line').toMatch(SAMPLE);
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

/** The value of the one series named `name` whose labels include every one of `labels`. */
function valueOf(series: Map<string, number>, name: string, labels: Record<string, string> = {}): number | undefined {
  const matches = [...series].filter(([key]) => key.startsWith(`${name}{`) || key === name).filter(([key]) => Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`)));
  return matches.length ? matches.reduce((sum, [, value]) => sum + value, 0) : undefined;
}

describe('observability (embedded platform, tracing to a collector)', () => {
  let t: TestPlatform;
  let collector: Awaited<ReturnType<typeof startTraceCollector>>;

  beforeAll(async () => {
    collector = await startTraceCollector();
    t = await startTestPlatform('embedded', { env: { METRICS_TOKEN, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint } });
  });
  afterAll(async () => {
    await t?.stop();
    await collector?.stop();
  });

  const scrape = async (url: string, token: string | null = METRICS_TOKEN) => fetch(new URL('/metrics', url), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('serves /metrics only to a scraper with the token, in Prometheus text format, on the gateway and every subgraph', async () => {
    expect((await scrape(t.url, null)).status).toBe(401);
    expect((await scrape(t.url, 'wrong-token-of-the-same-size!')).status).toBe(401);
    for (const url of [t.url, ...Object.values(t.platform.subgraphs).map((s) => s.url)]) {
      const response = await scrape(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      parseScrape(await response.text());
    }
  });

  it('counts requests per operation and errors per code at the gateway and at each subgraph, and subgraph calls by outcome', async () => {
    const token = await t.login('patient@demo.test');
    for (let i = 0; i < 3; i++) expect((await t.request('query MyCareTeam { me { patient { careTeam { practitioner { familyName } } } } }', { token })).errors).toBeUndefined();
    expect((await t.request('query AllUsers { users(first: 1) { totalCount } }', { token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const gateway = parseScrape(await (await scrape(t.url)).text());
    expect(valueOf(gateway, 'caregraph_graphql_request_duration_seconds_count', { operation: 'MyCareTeam', type: 'query', service: 'gateway' })).toBe(3);
    expect(valueOf(gateway, 'caregraph_graphql_errors_total', { code: 'FORBIDDEN' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(gateway, 'caregraph_subgraph_request_duration_seconds_count', { subgraph: 'care-team', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(valueOf(gateway, 'caregraph_subgraph_circuit_state', { subgraph: 'lab', state: 'closed' })).toBe(1);
    expect(valueOf(gateway, 'caregraph_subscriptions_open', { kind: 'subscriptions' })).toBe(0);
    // Node's own metrics once per process: on the gateway, not repeated by the subgraphs beside it.
    expect(valueOf(gateway, 'caregraph_process_cpu_seconds_total')).toBeGreaterThan(0);

    // The subgraph counts the client's operation name, not the planner's `MyCareTeam__care_team__1`.
    const careTeam = parseScrape(await (await scrape(t.platform.subgraphs['care-team']!.url)).text());
    expect(valueOf(careTeam, 'caregraph_graphql_request_duration_seconds_count', { operation: 'MyCareTeam', service: 'care-team' })).toBe(3);
    expect(valueOf(careTeam, 'caregraph_process_cpu_seconds_total')).toBeUndefined();
    expect(valueOf(careTeam, 'caregraph_outbox_pending_events')).toEqual(expect.any(Number));
  });

  it('traces a booking from the gateway through scheduling and its database to the billing consumer that drafted the invoice', async () => {
    const doctor = await createTestPractitioner(t);
    const patient = await createTestPatient(t, { careTeam: [doctor] });
    await createTestAvailability(t, doctor);
    const from = new Date(Date.now() + 7 * DAY).toISOString();
    const to = new Date(Date.now() + 14 * DAY).toISOString();
    const slot = (await t.request(FREE, { token: patient.token, variables: { id: doctor.id, from, to } })).data!.practitioner.availability[0];
    const booked = await t.request(BOOK, { token: patient.token, variables: { i: { patientId: patient.id, practitionerId: doctor.id, start: slot.start } }, headers: { 'x-request-id': 'book-visit-trace' } });
    expect(booked.errors).toBeUndefined();
    const appointmentId = booked.data!.bookAppointment.id as string;

    // The invoice billing drafts from the booking's event, and its consumer span in the collector.
    const billing = t.platform.services.billing!.prisma as { invoice: { findFirst(args: object): Promise<{ id: string } | null> } };
    await eventually(async () => expect(await billing.invoice.findFirst({ where: { appointmentId } })).not.toBeNull(), 10_000);
    const inTrace = await eventually(async () => {
      const root = collector.spans.find((s) => s.kind === 2 && s.attributes['caregraph.service'] === 'gateway' && s.attributes['caregraph.request_id'] === 'book-visit-trace');
      expect(root).toBeDefined();
      const spans = collector.spans.filter((s) => s.traceId === root!.traceId);
      expect(spans.some((s) => s.kind === 5 && s.attributes['messaging.consumer.group.name'] === 'billing.appointment-invoices')).toBe(true);
      return { root: root!, spans };
    }, 15_000);
    const { root, spans } = inTrace;
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors = (span: CollectedSpan): CollectedSpan[] => (span.parentSpanId && byId.has(span.parentSpanId) ? [byId.get(span.parentSpanId)!, ...ancestors(byId.get(span.parentSpanId)!)] : []);

    expect(root).toMatchObject({ service: 'caregraph', name: 'mutation BookVisit' });
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes).toMatchObject({ 'http.response.status_code': 200, 'graphql.operation.name': 'BookVisit' });
    // Apollo's fetch span calls scheduling, whose server span continues it over HTTP.
    const scheduling = spans.find((s) => s.kind === 2 && s.attributes['caregraph.service'] === 'scheduling')!;
    expect(scheduling).toMatchObject({ name: 'mutation BookVisit' });
    expect(ancestors(scheduling).map((s) => s.name)).toContain('gateway.fetch');
    expect(ancestors(scheduling).at(-1)).toBe(root);
    // Prisma's spans of the booking's transaction, under scheduling's span, down to the SQL it ran.
    const schedulingQueries = spans.filter((s) => s.name === 'prisma:client:db_query' && ancestors(s).includes(scheduling));
    expect(schedulingQueries.map((s) => String(s.attributes['db.query.text']))).toContainEqual(expect.stringMatching(/INSERT INTO .*appointments/));
    // The event carried the trace: billing's consumer span and its INSERT of the invoice belong to the same trace.
    const consumer = spans.find((s) => s.kind === 5 && s.attributes['messaging.consumer.group.name'] === 'billing.appointment-invoices')!;
    expect(consumer).toMatchObject({ name: 'scheduling.appointment.booked process', attributes: expect.objectContaining({ 'caregraph.service': 'billing' }) });
    expect(ancestors(consumer)).toContain(scheduling);
    const billingQueries = spans.filter((s) => s.name === 'prisma:client:db_query' && ancestors(s).includes(consumer));
    expect(billingQueries.map((s) => String(s.attributes['db.query.text']))).toContainEqual(expect.stringMatching(/INSERT INTO .*invoices/));
  });

  it('counts the event lag and the events each consumer group applied, on the consuming subgraph', async () => {
    const billing = parseScrape(await (await scrape(t.platform.subgraphs.billing!.url)).text());
    expect(valueOf(billing, 'caregraph_event_lag_seconds_count', { group: 'billing.appointment-invoices' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(billing, 'caregraph_events_processed_total', { group: 'billing.appointment-invoices' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(billing, 'caregraph_events_dead_lettered_total', { group: 'billing.appointment-invoices' })).toBe(0);
  });
});
