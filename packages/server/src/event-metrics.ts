/** A subgraph's event machinery as metrics: outbox depth, consumer totals and dead letters, read when scraped. */
import type { EventsStatus } from '@caregraph/events';
import { readOncePerScrape, type Metrics } from '@caregraph/observability';

export function observeEvents(metrics: Metrics, status: () => Promise<EventsStatus>): void {
  const read = readOncePerScrape(status);
  const perGroup = (count: 'processed' | 'retried' | 'deadLettered') => async () =>
    Object.entries((await read()).consumers).map(([group, stats]) => [{ group }, stats[count]] as [{ group: string }, number]);
  metrics.gauge('caregraph_outbox_pending_events', 'Outbox rows not yet published to the bus', [], async () => [[{}, (await read()).outbox.pending]]);
  metrics.gauge('caregraph_outbox_failing_events', 'Unpublished outbox rows whose publishing failed at least once', [], async () => [[{}, (await read()).outbox.failing]]);
  metrics.totals('caregraph_events_processed_total', 'Events a consumer group applied (or found already applied)', ['group'], perGroup('processed'));
  metrics.totals('caregraph_events_retried_total', 'Retries of events whose handler failed', ['group'], perGroup('retried'));
  metrics.totals('caregraph_events_dead_lettered_total', 'Events set aside as dead letters after their last retry failed', ['group'], perGroup('deadLettered'));
}
