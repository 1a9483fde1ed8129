/**
 * `/metrics` of a gateway run as GATEWAY_WORKERS processes on one port: a scrape reaches one worker, which asks the
 * primary for the sum over every worker (prom-client's AggregatorRegistry, over node:cluster's IPC), so Prometheus sees
 * one gateway however many processes serve it.
 */
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry } from 'prom-client';
import type { Metrics } from './metrics';

const ASK = 'caregraph:metrics?';
const ANSWER = 'caregraph:metrics!';
type Ask = { type: typeof ASK; id: string };
type Answer = { type: typeof ANSWER; id: string; body?: string; error?: string };

/** In the primary: answers every worker's request with the metrics of all of them. */
export function aggregateWorkerMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: Ask) => {
    if (message?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ type: ANSWER, id: message.id, body } satisfies Answer),
      (error: Error) => worker.send({ type: ANSWER, id: message.id, error: error.message } satisfies Answer),
    );
  });
}

/** In a worker: offers `metrics` to the primary's aggregation and makes its scrape answer with the aggregate. */
export function shareMetricsWithPrimary(metrics: Metrics): void {
  // Constructing one adds the worker's listener for the primary's requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
  const waiting = new Map<string, (answer: Answer) => void>();
  process.on('message', (message: Answer) => {
    if (message?.type === ANSWER) waiting.get(message.id)?.(message);
  });
  metrics.scrape = () =>
    new Promise((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => (waiting.delete(id), reject(new Error('the gateway primary did not answer for metrics'))), 5_000);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (answer.error !== undefined || answer.body === undefined) reject(new Error(answer.error ?? 'no metrics'));
        else resolve({ contentType: metrics.registry.contentType, body: answer.body });
      });
      process.send!({ type: ASK, id } satisfies Ask);
    });
}
