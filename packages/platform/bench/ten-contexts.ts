/**
 * Bench helper process (`ten-contexts.ts <n>`): `npm start` plus throw-away contexts up to n, each opened the way a real one
 * is (own schema and role in the shared PGlite, real migrations, own Prisma client and query, own subgraph server).
 */
import { loadConfig } from '@caregraph/config';
import { createAuthenticator, createTokenVerifier } from '@caregraph/auth';
import { acquireCluster, applyMigrations, directConnection, EmbeddedSchemaAdapter, migrationsDirOf } from '@caregraph/db';
import { createLogger, startSubgraph, type RunningServer } from '@caregraph/server';
import { PrismaClient as CareTeamClient } from '../../../subgraphs/care-team/src/generated/prisma/client';
import { PrismaClient as IdentityClient } from '../../../subgraphs/identity/src/generated/prisma/client';
import { PrismaClient as PatientsClient } from '../../../subgraphs/patients/src/generated/prisma/client';
import { startPlatform } from '../src/platform';
import { SUBGRAPHS } from '../src/subgraphs';

type BenchClient = { outboxEvent: { count(): Promise<number> }; $disconnect(): Promise<void> };
const CLIENTS: Record<string, (adapter: EmbeddedSchemaAdapter) => BenchClient> = {
  identity: (adapter) => new IdentityClient({ adapter }),
  patients: (adapter) => new PatientsClient({ adapter }),
  'care-team': (adapter) => new CareTeamClient({ adapter }),
};
const config = loadConfig();
const logger = createLogger('error');
const total = Number(process.argv[2] ?? 10);
// Each throw-away context copies one of the contexts above (their migrations, their client).
const models = Object.keys(CLIENTS);
const extras = Array.from({ length: Math.max(0, total - SUBGRAPHS.length) }, (_, i) => ({ schema: `bench_extra_${i}`, like: models[i % models.length]! }));

const cluster = await acquireCluster(config.dataDir);
const clients: BenchClient[] = [];
for (const { schema, like } of extras) {
  await cluster.ensureSchema(schema);
  await cluster.exclusive(schema, (db) => applyMigrations(directConnection(db), migrationsDirOf(like)));
  const client = CLIENTS[like]!(new EmbeddedSchemaAdapter(cluster, schema));
  await client.outboxEvent.count(); // loads the client's query compiler, as a context's first request would
  clients.push(client);
}
const platform = await startPlatform({ config, logger });
const authenticate = createAuthenticator(createTokenVerifier(config.jwt), platform.revocations);
const servers: RunningServer[] = [];
for (const { like } of extras) {
  const service = platform.services[like]!;
  servers.push(await startSubgraph(service.definition, { host: config.host, port: 0, authenticate, introspection: true, limits: config.limits, gatewaySecret: config.gatewaySecret, logger, status: () => service.status(), metrics: service.metrics }));
}
process.stdout.write(`READY added ${extras.length}\n`);
process.once('SIGTERM', async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await platform.stop();
  await Promise.all(clients.map((c) => c.$disconnect()));
  await cluster.release();
  process.exit(0);
});
