/** The gateway as its own process (services and cluster modes): a static supergraph, so start order does not matter. */
import { readFileSync } from 'node:fs';
import { loadConfig, type ContextName } from '@caregraph/config';
import { describeStartupFailure, preflight } from '@caregraph/server/preflight';

try {
  const config = loadConfig();
  // Before the heavy imports, so a taken GATEWAY_PORT or an unreachable Redis is reported at once.
  await preflight(config, { contexts: [], gateway: true });
  const [{ createAuthenticator, createRevocationList, createTokenVerifier }, { createLiveChannel }, { startGateway }, { createLogger }, { composeSupergraph }, { SUBGRAPHS }] =
    await Promise.all([import('@caregraph/auth'), import('@caregraph/events'), import('@caregraph/gateway'), import('@caregraph/server'), import('./compose-supergraph'), import('./subgraphs')]);
  const logger = createLogger(config.logLevel, { service: 'gateway' });
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
    subgraphFaults: config.subgraphFaults,
    revocations,
    live,
    gatewaySecret: config.gatewaySecret,
    corsOrigins: config.corsOrigins,
    corsAllowedHeaders: config.corsAllowedHeaders,
    logger,
  });
  logger.info('gateway ready', { url: gateway.url });
  const shutdown = async () => {
    await gateway.stop();
    await revocations.close();
    await live.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  process.stderr.write(`${describeStartupFailure(error)}\n`);
  process.exit(1);
}
