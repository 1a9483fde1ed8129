/** `npm start`: the whole platform in one process on its embedded default, then a banner saying where it is. */
import { resolve } from 'node:path';
import { environmentWithDotEnv, loadConfig } from '@caregraph/config';
import { describeStartupFailure, preflight } from '@caregraph/server/preflight';
import { SUBGRAPH_NAMES } from './subgraph-names';

try {
  const config = loadConfig(environmentWithDotEnv());
  // Before the heavy imports (Apollo, Prisma, PGlite): a taken port or missing database is reported within a second or two.
  await preflight(config, { contexts: SUBGRAPH_NAMES, gateway: true });
  const [{ DEMO_ACCOUNTS, DEMO_PASSWORD }, { createLogger }, { startPlatform }] = await Promise.all([
    import('@caregraph/demo'),
    import('@caregraph/server'),
    import('./platform'),
  ]);
  // Quiet unless asked: a newcomer reads the banner; LOG_LEVEL=info shows one access line per request.
  const logger = createLogger(config.logLevelExplicit ? config.logLevel : 'warn');
  const started = Date.now();
  const platform = await startPlatform({ config, logger });
  const storage = Object.entries(config.contexts).some(([, c]) => c.databaseUrl) ? 'PostgreSQL' : `PGlite in ${resolve(config.dataDir)}`;
  const lines = [
    '',
    `  Caregraph is running (${config.env}, started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    '',
    `  GraphQL API   ${platform.gateway.url}`,
    config.introspection ? `  GraphQL IDE   ${platform.gateway.url.replace('/graphql', '/graphql')} (open in a browser)` : '  GraphQL IDE   off (production)',
    `  Subscriptions ${platform.gateway.url.replace(/^http/, 'ws')} (graphql-ws)`,
    `  Dashboard     ${platform.gateway.url.replace('/graphql', '/dashboard')} (open in a browser)`,
    `  Health        ${platform.gateway.url.replace('/graphql', '/ready')}`,
    `  Metrics       ${platform.gateway.url.replace('/graphql', '/metrics')} (Prometheus; each subgraph serves its own /metrics)`,
    `  Subgraphs     ${Object.entries(platform.subgraphs).map(([name, s]) => `${name} ${s.url}`).join(', ')}`,
    `  Data          ${storage}; events ${config.redis ? 'Redis' : 'in-process'}`,
    ...(config.seedDemoData
      ? ['', `  Demo accounts (password "${DEMO_PASSWORD}"):`, `    ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')}`,
         '', '  Try:  mutation { login(email: "admin@demo.test", password: "demo-password") { accessToken } }']
      : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const shutdown = async () => {
    try {
      await platform.stop();
      process.exit(0);
    } catch (error) {
      // Said plainly, with what failed: a stop that fails is a bug to see, not an exit code to guess at.
      process.stderr.write(`Stopping failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    }
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(`${describeStartupFailure(error)}\n`);
  process.exit(1);
}
