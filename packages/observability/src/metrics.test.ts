import { describe, expect, it } from 'vitest';
import { Metrics, readOncePerScrape } from './metrics';

const countsByOperation = async (metrics: Metrics) =>
  new Map(
    [...(await metrics.scrape()).body.matchAll(/^caregraph_graphql_request_duration_seconds_count\{[^}]*operation="([^"]*)"[^}]*\} (\d+)$/gm)].map(([, operation, count]) => [operation!, Number(count)]),
  );

describe('metrics', () => {
  it('labels requests by operation name, anonymous and unparsed ones apart, and stops adding names after 200', async () => {
    const metrics = new Metrics('gateway', { processMetrics: false });
    for (let i = 0; i < 250; i++) metrics.observeRequest({ operation: `Invented${i}`, type: 'query', seconds: 0.01, errorCodes: [] });
    metrics.observeRequest({ operation: 'Invented0', type: 'query', seconds: 0.01, errorCodes: ['FORBIDDEN', 'FORBIDDEN'] });
    metrics.observeRequest({ type: 'query', seconds: 0.01, errorCodes: [] });
    metrics.observeRequest({ seconds: 0.01, errorCodes: ['BAD_REQUEST'] });
    const counts = await countsByOperation(metrics);
    expect(counts.get('Invented0')).toBe(2);
    expect(counts.get('Invented199')).toBe(1);
    expect(counts.has('Invented200')).toBe(false);
    expect(counts.get('other')).toBe(50);
    expect(counts.get('anonymous')).toBe(1);
    expect(counts.get('unparsed')).toBe(1);
    expect(counts.size).toBe(203);
    const body = (await metrics.scrape()).body;
    expect(body).toContain('caregraph_graphql_errors_total{code="FORBIDDEN",service="gateway"} 2');
    expect(body).toContain('caregraph_graphql_errors_total{code="BAD_REQUEST",service="gateway"} 1');
  });

  it('reads gauges and totals kept elsewhere when scraped, one read of their source per scrape', async () => {
    const metrics = new Metrics('billing', { processMetrics: false });
    let reads = 0;
    let processed = 3;
    const read = readOncePerScrape(async () => (reads++, { pending: 7, processed }), 50);
    metrics.gauge('caregraph_outbox_pending_events', 'pending', [], async () => [[{}, (await read()).pending]]);
    metrics.totals('caregraph_events_processed_total', 'processed', ['group'], async () => [[{ group: 'billing.x' }, (await read()).processed]]);
    const first = (await metrics.scrape()).body;
    expect(first).toContain('caregraph_outbox_pending_events{service="billing"} 7');
    expect(first).toContain('caregraph_events_processed_total{group="billing.x",service="billing"} 3');
    expect(reads).toBe(1);
    processed = 5;
    await new Promise((resolve) => setTimeout(resolve, 80));
    // A total is set from its source, not added to: 5, not 8.
    expect((await metrics.scrape()).body).toContain('caregraph_events_processed_total{group="billing.x",service="billing"} 5');
    expect(reads).toBe(2);
  });
});
