/**
 * The gateway as its own process (services and cluster modes): a static supergraph, so start order does not matter.
 * With GATEWAY_WORKERS > 1 this process forks that many gateways sharing GATEWAY_PORT (node:cluster hands each
 * connection to one of them) and replaces one that dies; each holds its own plan cache and Redis connections.
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { loadConfig, type Config, type ContextName } from '@caregraph/config';
import { describeStartupFailure, preflight } from '@caregraph/server/preflight';

async function runGateway(config: Config) {
  const [{ createAuthenticator, createRevocationList, createTokenVerifier }, { createLiveChannel }, { startGateway }, { createLogger }, { composeSupergraph }, { SUBGRAPHS }, observability] =
    await Promise.all([
      import('@caregraph/auth'),
      import('@caregraph/events'),
      import('@caregraph/gateway'),
      import('@caregraph/server'),
      import('./compose-supergraph'),
      import('./subgraphs'),
      import('@caregraph/observability'),
    ]);
  const logger = createLogger(config.logLevel, { service: 'gateway' });
  const tracing = observability.startTracing(config.tracing, 'caregraph-gateway');
  const metrics = new observability.Metrics('gateway', { processMetrics: true });
  // Whichever worker a scrape reaches answers for all of them.
  if (cluster.isWorker) observability.shareMetricsWithPrimary(metrics);
  const revocations = createRevocationList(config.redis);
  const live = createLiveChannel(config.redis);
  const urlOf = (name: ContextName) => config.contexts[name].subgraphUrl;
  const gateway = await startGateway({
    host: config.host,
    port: config.gatewayPort,
    subgraphs: SUBGRAPHS.map(({ name }) => ({ name, url: urlOf(name) })),
    supergraphSdl: config.supergraphPath ? readFileSync(config.supergraphPath, 'utf8') : composeSupergraph(urlOf),
    authenticate: createAuthenticator(createTokenVerifier(config.jwt), revocations),
    introspection: config.introspection,
    limits: config.limits,
    subscriptionLimits: config.subscriptions,
    rateLimits: config.rateLimits,
    redis: config.redis,
    trustedProxies: config.trustedProxies,
    subgraphFaults: config.subgraphFaults,
    revocations,
    live,
    gatewaySecret: config.gatewaySecret,
    corsOrigins: config.corsOrigins,
    corsAllowedHeaders: config.corsAllowedHeaders,
    metrics,
    metricsToken: config.metrics.token,
    logger,
  });
  logger.info('gateway ready', { url: gateway.url, ...(cluster.isWorker ? { worker: cluster.worker!.id } : {}) });
  const shutdown = async () => {
    await gateway.stop();
    await revocations.close();
    await live.close();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** The primary of GATEWAY_WORKERS gateways: starts them, replaces a crashed one, stops them all on SIGTERM. */
async function superviseWorkers(count: number) {
  let stopping = false;
  (await import('@caregraph/observability')).aggregateWorkerMetrics();
  for (let i = 0; i < count; i++) cluster.fork();
  const listening = new Set<number>();
  cluster.on('listening', (worker) => listening.add(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    // One that never started (bad config, unreachable Redis) would fail again: the whole gateway stops, as one process would.
    if (!listening.has(worker.id)) {
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exit(1);
    }
    process.stderr.write(`gateway worker ${worker.id} exited (${signal ?? code}); starting another\n`);
    cluster.fork();
  });
  const shutdown = async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => !!w);
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.once('exit', resolve), w.process.kill('SIGTERM')))));
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

try {
  const config = loadConfig();
  if (cluster.isPrimary) {
    // Before the heavy imports, so a taken GATEWAY_PORT or an unreachable Redis is reported at once.
    await preflight(config, { contexts: [], gateway: true });
  }
  if (cluster.isPrimary && config.gatewayWorkers > 1) await superviseWorkers(config.gatewayWorkers);
  else await runGateway(config);
} catch (error) {
  process.stderr.write(`${describeStartupFailure(error)}\n`);
  process.exit(1);
}
