/** Runs the whole platform in one process: every subgraph on its own port, then the gateway (embedded mode and tests). */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '@caregraph/config';
import { createAuthenticator, createRevocationList, createTokenVerifier, type RevocationList } from '@caregraph/auth';
import { createEventBus, createLiveChannel, type EventBus, type LiveChannel } from '@caregraph/events';
import { startGateway, type RunningGateway } from '@caregraph/gateway';
import { Metrics, startTracing } from '@caregraph/observability';
import { preflight, startSubgraph, type Logger, type RunningServer, type SubgraphService } from '@caregraph/server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@caregraph/demo';
import { SUBGRAPHS } from './subgraphs';

/** The dashboard `npm install` builds (apps/dashboard); the gateway serves it at /dashboard when it is there. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../../apps/dashboard/dist', import.meta.url));

export type PlatformOptions = {
  config: Config;
  logger: Logger;
  /** Port 0 for every server (tests run many platforms side by side). */
  ephemeralPorts?: boolean;
  onQuery?: (context: string, event: { query: string; duration: number }) => void;
};

export type Platform = {
  gateway: RunningGateway;
  subgraphs: Record<string, RunningServer>;
  services: Record<string, SubgraphService>;
  revocations: RevocationList;
  bus: EventBus;
  live: LiveChannel;
  /** Resolves once every outbox is published and every consumer is idle (demo data and tests wait on it). */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

export async function startPlatform({ config, logger, ephemeralPorts, onQuery }: PlatformOptions): Promise<Platform> {
  // Taken ports, an unreachable Redis or a missing database are reported in seconds, before anything migrates or seeds.
  await preflight(config, { contexts: SUBGRAPHS.map((s) => s.name), gateway: true, ports: !ephemeralPorts });
  // One process, one trace resource: a span's `caregraph.service` attribute says which context it ran in.
  const tracing = startTracing(config.tracing, 'caregraph');
  const revocations = createRevocationList(config.redis);
  const bus = createEventBus(config.redis);
  const live = createLiveChannel(config.redis);
  const authenticate = createAuthenticator(createTokenVerifier(config.jwt), revocations);
  // One process: with RS256 keys and no GATEWAY_SECRET, a per-start secret still lets subgraphs trust the gateway.
  const gatewaySecret = config.gatewaySecret ?? randomBytes(32).toString('base64url');
  const services: Record<string, SubgraphService> = {};
  const subgraphs: Record<string, RunningServer> = {};
  const stop = async () => {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    await Promise.all(Object.values(services).map((s) => s.close()));
    await bus.close();
    await live.close();
    await revocations.close();
    await tracing?.shutdown();
  };
  try {
    for (const { name, create } of SUBGRAPHS) {
      const context = config.contexts[name];
      // Embedded PGlite always migrates on start; a configured PostgreSQL is migrated here too outside production.
      services[name] = await create({
        config,
        revocations,
        bus,
        live,
        logger,
        // Process metrics (memory, CPU, event loop) once per process: the gateway's /metrics has them.
        metrics: new Metrics(name, { processMetrics: false }),
        migrate: !context.databaseUrl || !config.production,
        ...(onQuery ? { onQuery: (event) => onQuery(name, event) } : {}),
      });
    }
    // Every consumer group exists before any relay publishes, so the in-process bus misses nothing.
    for (const service of Object.values(services)) service.start();
    for (const { name } of SUBGRAPHS) {
      const service = services[name]!;
      if (config.seedDemoData) await service.seedDemoData();
      subgraphs[name] = await startSubgraph(service.definition, {
        host: config.host,
        port: ephemeralPorts ? 0 : config.contexts[name].port,
        authenticate,
        introspection: config.introspection,
        limits: config.limits,
        gatewaySecret,
        logger,
        status: () => service.status(),
        metrics: service.metrics,
        metricsToken: config.metrics.token,
      });
    }
    const gateway = await startGateway({
      host: config.host,
      port: ephemeralPorts ? 0 : config.gatewayPort,
      subgraphs: SUBGRAPHS.map(({ name }) => ({ name, url: subgraphs[name]!.url })),
      authenticate,
      introspection: config.introspection,
      ...(existsSync(DASHBOARD_DIR) ? { dashboardDir: DASHBOARD_DIR } : {}),
      ide: config.seedDemoData ? { demoAccounts: DEMO_ACCOUNTS.map(({ email, role, displayName }) => ({ email, role, displayName })), demoPassword: DEMO_PASSWORD } : {},
      limits: config.limits,
      subscriptionLimits: config.subscriptions,
      rateLimits: config.rateLimits,
      redis: config.redis,
      trustedProxies: config.trustedProxies,
      subgraphFaults: config.subgraphFaults,
      revocations,
      live,
      gatewaySecret,
      corsOrigins: config.corsOrigins,
      corsAllowedHeaders: config.corsAllowedHeaders,
      metricsToken: config.metrics.token,
      logger,
    });
    const settle = async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const statuses = await Promise.all(Object.values(services).map((s) => s.status()));
        const quiet = statuses.every((s) => s.outbox.pending === 0 && Object.values(s.consumers).every((c) => c.idle));
        if (quiet) return;
        if (Date.now() > deadline) throw new Error(`events did not settle within ${timeoutMs} ms: ${JSON.stringify(statuses)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    if (config.seedDemoData) await settle(30_000);
    return {
      gateway,
      subgraphs,
      services,
      revocations,
      bus,
      live,
      settle,
      async stop() {
        await gateway.stop();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
