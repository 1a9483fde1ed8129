/** Runs one subgraph as its own process (services and cluster modes): config, auth, database, graceful shutdown. */
import { loadConfig, type ContextName } from '@caregraph/config';
import { createAuthenticator, createRevocationList, createTokenVerifier } from '@caregraph/auth';
import { createEventBus, createLiveChannel } from '@caregraph/events';
import { Metrics, startTracing } from '@caregraph/observability';
import { createLogger } from './logger';
import { describeStartupFailure, preflight } from './preflight';
import type { SubgraphFactory } from './service';
import { startSubgraph } from './subgraph';

export async function runStandalone(name: ContextName, factory: SubgraphFactory): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
    await preflight(config, { contexts: [name], gateway: false });
  } catch (error) {
    // A person fixes a variable: print what to fix, not a stack, and stop before migrating or seeding.
    process.stderr.write(`${describeStartupFailure(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel, { service: name });
  const tracing = startTracing(config.tracing, `caregraph-${name}`);
  const revocations = createRevocationList(config.redis);
  const bus = createEventBus(config.redis);
  const live = createLiveChannel(config.redis);
  const metrics = new Metrics(name, { processMetrics: true });
  const service = await factory({ config, revocations, bus, live, logger, metrics, migrate: !config.contexts[name].databaseUrl });
  // Consumers run before seeding: a context's demo data may wait for other contexts' announcements (care teams).
  service.start();
  if (config.seedDemoData) await service.seedDemoData();
  const running = await startSubgraph(service.definition, {
    host: config.host,
    port: config.contexts[name].port,
    authenticate: createAuthenticator(createTokenVerifier(config.jwt), revocations),
    introspection: config.introspection,
    limits: config.limits,
    gatewaySecret: config.gatewaySecret,
    logger,
    status: () => service.status(),
    metrics,
    metricsToken: config.metrics.token,
  });
  logger.info('subgraph ready', { url: running.url });
  const shutdown = async () => {
    await running.stop();
    await service.close();
    await bus.close();
    await live.close();
    await revocations.close();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
