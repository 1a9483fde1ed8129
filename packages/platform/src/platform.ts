/** Runs the whole platform in one process: every subgraph on its own port, then the gateway (embedded mode and tests). */
import type { Config } from '@caregraph/config';
import { createAuthenticator, createRevocationList, createTokenVerifier, type RevocationList } from '@caregraph/auth';
import { startGateway } from '@caregraph/gateway';
import { startSubgraph, type Logger, type RunningServer, type SubgraphService } from '@caregraph/server';
import { SUBGRAPHS } from './subgraphs';

export type PlatformOptions = {
  config: Config;
  logger: Logger;
  /** Port 0 for every server (tests run many platforms side by side). */
  ephemeralPorts?: boolean;
  onQuery?: (context: string, event: { query: string; duration: number }) => void;
};

export type Platform = {
  gateway: RunningServer;
  subgraphs: Record<string, RunningServer>;
  services: Record<string, SubgraphService>;
  revocations: RevocationList;
  stop(): Promise<void>;
};

export async function startPlatform({ config, logger, ephemeralPorts, onQuery }: PlatformOptions): Promise<Platform> {
  const revocations = createRevocationList(config.redis);
  const authenticate = createAuthenticator(createTokenVerifier(config.jwt), revocations);
  const services: Record<string, SubgraphService> = {};
  const subgraphs: Record<string, RunningServer> = {};
  const stop = async () => {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    await Promise.all(Object.values(services).map((s) => s.close()));
    await revocations.close();
  };
  try {
    for (const { name, create } of SUBGRAPHS) {
      const context = config.contexts[name];
      // Embedded PGlite always migrates on start; a configured PostgreSQL is migrated here too outside production.
      services[name] = await create({
        config,
        revocations,
        logger,
        migrate: !context.databaseUrl || !config.production,
        ...(onQuery ? { onQuery: (event) => onQuery(name, event) } : {}),
      });
      if (config.seedDemoData) await services[name].seedDemoData();
      subgraphs[name] = await startSubgraph(services[name].definition, {
        host: config.host,
        port: ephemeralPorts ? 0 : context.port,
        authenticate,
        introspection: config.introspection,
        logger,
      });
    }
    const gateway = await startGateway({
      host: config.host,
      port: ephemeralPorts ? 0 : config.gatewayPort,
      subgraphs: SUBGRAPHS.map(({ name }) => ({ name, url: subgraphs[name]!.url })),
      authenticate,
      introspection: config.introspection,
      maxQueryDepth: config.maxQueryDepth,
      logger,
    });
    return {
      gateway,
      subgraphs,
      services,
      revocations,
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
