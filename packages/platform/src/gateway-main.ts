/** The gateway as its own process (services and cluster modes): a static supergraph, so start order does not matter. */
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '@caregraph/config';
import { createAuthenticator, createRevocationList, createTokenVerifier } from '@caregraph/auth';
import { startGateway } from '@caregraph/gateway';
import { createLogger } from '@caregraph/server';
import { composeSupergraph } from './compose-supergraph';
import { SUBGRAPHS } from './subgraphs';

try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { service: 'gateway' });
  const revocations = createRevocationList(config.redis);
  const urlOf = (name: (typeof SUBGRAPHS)[number]['name']) => config.contexts[name].subgraphUrl;
  const gateway = await startGateway({
    host: config.host,
    port: config.gatewayPort,
    subgraphs: SUBGRAPHS.map(({ name }) => ({ name, url: urlOf(name) })),
    supergraphSdl: config.supergraphPath ? readFileSync(config.supergraphPath, 'utf8') : composeSupergraph(urlOf),
    authenticate: createAuthenticator(createTokenVerifier(config.jwt), revocations),
    introspection: config.introspection,
    limits: config.limits,
    gatewaySecret: config.gatewaySecret,
    corsOrigins: config.corsOrigins,
    corsAllowedHeaders: config.corsAllowedHeaders,
    logger,
  });
  logger.info('gateway ready', { url: gateway.url });
  const shutdown = async () => {
    await gateway.stop();
    await revocations.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
}
