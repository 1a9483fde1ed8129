/** Server bootstrap for a subgraph: federation schema, shield (deny by default), authentication, masking, health. */
import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import { parse, type DocumentNode } from 'graphql';
import type { IRules } from 'graphql-shield';
import { applySubgraphShield, type AuthContext } from '@caregraph/access';
import type { Authenticator, Viewer } from '@caregraph/auth';
import type { OperationLimits } from '@caregraph/config';
import type { PhiReadReport } from '@caregraph/events';
import { metricsHandler, traceRequests, type Metrics } from '@caregraph/observability';
import { clientAddress } from './client-address';
import { accessFactsOf, accessLog, accessLogPlugin, requestIdOf, requestIdOfContext, withAccessLog } from './access-log';
import { createErrorFormatter, requestIdPlugin } from './errors';
import { apolloHandler, graphqlServer, jsonBody, type HttpStep } from './graphql-http';
import { operationLimits } from './limits';
import { phiReadsPlugin, recordPhiReads, trackPhiReads, type PhiTypes } from './phi-reads';
import { listen, type RunningServer } from './http';
import type { Logger } from './logger';
import { scalarResolvers } from './scalars';

/** Everything that makes one subgraph; built by the subgraph, started here. */
export type SubgraphDefinition<Context extends AuthContext = AuthContext> = {
  name: string;
  typeDefs: DocumentNode;
  /** Resolver map (typed per subgraph by codegen). */
  resolvers: object;
  /** graphql-shield rules for the subgraph's own types; root operations come from `operationRules`. */
  permissions: IRules;
  /** The per-request context for a verified viewer (or none): loaders and services live here. */
  context(viewer: Viewer | undefined, request: RequestFacts): Context;
  /** The subgraph's types that hold protected health information, whose reads are reported (phi-reads.ts). */
  phi?: PhiTypes;
  /** Sends one request's PHI reads on (as an event through the context's outbox). */
  reportPhiReads?(report: PhiReadReport): Promise<void>;
};

/** What a subgraph knows about the HTTP request beyond its credentials. */
export type RequestFacts = { clientAddress: string };

export type SubgraphRuntime = {
  host: string;
  port: number;
  authenticate: Authenticator;
  introspection: boolean;
  /** The same limits as the gateway's: a subgraph must not trust that only the gateway calls it. */
  limits: OperationLimits;
  /** Lets the subgraph trust the client address the gateway forwards (client-address.ts). */
  gatewaySecret?: string;
  logger: Logger;
  /** Detail for `/ready`; a throw answers 503 (e.g. the database is unreachable). */
  status?: () => Promise<object>;
  /** The subgraph's registry (its service's, with the event metrics), served at `/metrics`. */
  metrics: Metrics;
  /** METRICS_TOKEN: `/metrics` answers only a scraper presenting it. */
  metricsToken?: string;
};

/**
 * The query planner inlines fragments, so the operation a subgraph receives can be several times longer in tokens than
 * the one the client sent; depth, aliases and cost stay comparable.
 */
const SUBGRAPH_TOKEN_FACTOR = 4;

/** Reads a subgraph's `schema.graphql`, relative to the calling module. */
export const loadTypeDefs = (relativeTo: string, path = '../schema.graphql'): DocumentNode =>
  parse(readFileSync(new URL(path, relativeTo), 'utf8'));

export function buildSchema(definition: SubgraphDefinition<AuthContext>) {
  const schema = buildSubgraphSchema({
    typeDefs: definition.typeDefs,
    resolvers: { ...scalarResolvers, ...(definition.resolvers as Record<string, never>) },
  });
  applySubgraphShield(schema, definition.permissions);
  // The PHI recorder wraps the shield's guards, so it sees the shield's refusals too.
  if (definition.phi) recordPhiReads(schema, definition.phi);
  return schema;
}

export async function startSubgraph<Context extends AuthContext>(
  definition: SubgraphDefinition<Context>,
  runtime: SubgraphRuntime,
): Promise<RunningServer> {
  const logger = runtime.logger.child({ subgraph: definition.name });
  const limits = operationLimits({ ...runtime.limits, tokens: runtime.limits.tokens * SUBGRAPH_TOKEN_FACTOR });
  const apollo = new ApolloServer<Context>({
    schema: buildSchema(definition as SubgraphDefinition<AuthContext>),
    introspection: runtime.introspection,
    csrfPrevention: true,
    // Our entry points drain servers, close databases and exit 0 on SIGTERM; Apollo's handler would re-raise the signal.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger, definition.name),
    // "Did you mean …?" names fields: as good as introspection, so only given when introspection is.
    hideSchemaDetailsFromClientErrors: !runtime.introspection,
    parseOptions: limits.parseOptions,
    logger,
    plugins: [
      ...(limits.plugins as ApolloServerPlugin<Context>[]),
      accessLogPlugin,
      phiReadsPlugin,
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's default cache-control plugin wraps every field resolver to compute cache hints nobody uses (answers are
      // per viewer), and its inline tracing would send any caller resolver timings and error details in `ftv1`.
      // Without either, fields resolve unwrapped (docs/performance.md).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      requestIdPlugin(requestIdOfContext),
    ],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every response body into an ETag; answers are per viewer and never asked for conditionally.
  app.set('etag', false);
  app.get('/health', (_req, res) => void res.json({ status: 'ok', service: definition.name }));
  app.get('/ready', async (_req, res) => {
    try {
      res.json({ status: 'ready', service: definition.name, ...(await runtime.status?.()) });
    } catch (error) {
      logger.warn('not ready', { error: (error as Error).message });
      res.status(503).json({ status: 'not ready', service: definition.name });
    }
  });
  app.get('/metrics', metricsHandler(runtime.metrics, runtime.metricsToken));
  const graphql: HttpStep[] = [
    accessLog(logger, runtime.metrics),
    jsonBody(1024 * 1024),
    traceRequests(definition.name, accessFactsOf),
    apolloHandler(
      apollo,
      // Subgraphs never trust the network: the forwarded token is verified here again.
      withAccessLog(async ({ req, res }) => {
        const context = definition.context(await runtime.authenticate(req.headers.authorization), { clientAddress: clientAddress(req, runtime.gatewaySecret) });
        const report = definition.reportPhiReads;
        const requestId = requestIdOf(res);
        if (report) trackPhiReads(context, res, requestId, report, (error) => logger.error('PHI reads not reported', { requestId, error: error.message }));
        return context;
      }, logger),
    ),
  ];
  const running = await listen(graphqlServer(app, graphql, logger), runtime.host, runtime.port);
  return {
    ...running,
    async stop() {
      await running.stop();
      await apollo.stop();
    },
  };
}
