/** The gateway: composes the subgraphs, authenticates every request, applies role rules, forwards credentials, serves subscriptions. */
import './federation-exports';
import { randomUUID } from 'node:crypto';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import cors from 'cors';
import express from 'express';
import type { Authenticator, RevocationList } from '@caregraph/auth';
import { DEFAULT_CORS_ALLOWED_HEADERS, disableVendorTelemetry, RATE_LIMIT_DEFAULTS, SUBGRAPH_FAULT_DEFAULTS, SUBSCRIPTION_LIMIT_DEFAULTS, type Config, type OperationLimits, type RateLimitConfig, type SubgraphFaultLimits, type SubscriptionLimits } from '@caregraph/config';
import type { LiveChannel } from '@caregraph/events';
import type { GraphQLSchema } from 'graphql';
import { Metrics, metricsHandler, traceRequests } from '@caregraph/observability';
import {
  accessFactsOf,
  accessLog,
  accessLogPlugin,
  apolloHandler,
  clientAddressHeaders,
  clientAddressReader,
  createErrorFormatter,
  graphqlServer,
  jsonBody,
  listen,
  operationLimits,
  requestIdOf,
  requestIdOfContext,
  requestIdPlugin,
  withAccessLog,
  type HttpStep,
  type Logger,
  type RunningServer,
} from '@caregraph/server';
import { authorizationPlugin } from './authorization';
import type { GatewayContext } from './context';
import { httpStatusPlugin, withPlannerFailuresAnswered } from './http-semantics';
import { dashboardRouter } from './dashboard';
import { ideRouter, type IdeOptions } from './ide/ide';
import { rateLimitPlugin, RateLimits } from './rate-limits';
import { startSubscriptionServer, type ExecuteAs } from './subscriptions/server';
import { SubgraphSource } from './subgraph-source';
import { createSubgraphFaults } from './subgraph-faults';

export type SubgraphEndpoint = { name: string; url: string };

export type GatewayOptions = {
  host: string;
  port: number;
  subgraphs: SubgraphEndpoint[];
  /** A supergraph composed ahead of time (`npm run compose`); without it the gateway composes at start. */
  supergraphSdl?: string;
  authenticate: Authenticator;
  /** Introspection and the GraphQL IDE (GraphiQL at `GET /graphql` for browsers): outside production only. */
  introspection: boolean;
  /** What the IDE's sign-in helper offers (demo accounts when embedded with demo data). */
  ide?: IdeOptions;
  /** The built dashboard (apps/dashboard/dist), served at /dashboard when given. */
  dashboardDir?: string;
  /** Shared with the subgraphs (packages/config): depth, aliases, root fields, tokens, directives, cost, introspection. */
  limits: OperationLimits;
  /** Subscriptions per connection, connections per account, events waiting per subscription. */
  subscriptionLimits?: SubscriptionLimits;
  /** Budgets per account and client address for reads, writes and subscriptions (generous defaults when not given). */
  rateLimits?: RateLimitConfig;
  /** Where rate-limit counters live, shared by every replica; in memory without it. */
  redis?: Config['redis'];
  /** Time budget per subgraph call and circuit breaker thresholds (SUBGRAPH_TIMEOUT_MS, SUBGRAPH_BREAKER_*). */
  subgraphFaults?: SubgraphFaultLimits;
  /** Logouts end live subscriptions at once (every verifier shares this list). */
  revocations: RevocationList;
  /** Where live events arrive for subscriptions (Redis pub/sub, or in-process when embedded). */
  live: LiveChannel;
  /** Proxies whose X-Forwarded-For names the client address (TRUSTED_PROXIES); none: the socket's peer. */
  trustedProxies?: string[];
  /** Signs the client address forwarded to subgraphs, which trust it only with a valid signature. */
  gatewaySecret?: string;
  /** Browser origins allowed to call (`*` for any); none means no CORS headers. */
  corsOrigins?: string[];
  /** Request headers those origins may send (CORS_ALLOWED_HEADERS). */
  corsAllowedHeaders?: string[];
  /** The gateway's registry, served at `/metrics` (one is made when not given; gateway-main shares it across workers). */
  metrics?: Metrics;
  /** METRICS_TOKEN: `/metrics` answers only a scraper presenting it. */
  metricsToken?: string;
  logger: Logger;
};

const readyUrl = (graphqlUrl: string) => new URL('/ready', graphqlUrl).toString();

/** Asks every subgraph's `/ready` (database reachable, event counts) with a one-second budget each. */
async function subgraphReadiness(subgraphs: SubgraphEndpoint[]) {
  const results = await Promise.all(
    subgraphs.map(async ({ name, url }) => {
      try {
        const response = await fetch(readyUrl(url), { signal: AbortSignal.timeout(1000) });
        const { status: _status, service: _service, ...detail } = (await response.json()) as Record<string, unknown>;
        return { name, status: response.ok ? 'up' : `down (HTTP ${response.status})`, detail };
      } catch {
        return { name, status: 'down (unreachable)', detail: {} };
      }
    }),
  );
  return {
    subgraphs: Object.fromEntries(results.map((r) => [r.name, r.status])),
    events: Object.fromEntries(results.filter((r) => Object.keys(r.detail).length > 0).map((r) => [r.name, r.detail])),
  };
}

/** CORS for browser apps on other origins: the allowlisted origin may send the listed headers and JSON bodies. */
function corsFor(origins: string[], allowedHeaders: string[]): HttpStep {
  return cors({
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders,
    maxAge: 600,
  });
}

export type RunningGateway = RunningServer & {
  /** Open graphql-ws connections, live topics and subscribers of this process. */
  subscriptions(): { connections: number; topics: number; subscribers: number };
};

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger.child({ service: 'gateway' });
  const metrics = options.metrics ?? new Metrics('gateway', { processMetrics: true });
  const subgraphCalls = metrics.histogram('caregraph_subgraph_request_duration_seconds', 'Calls from the gateway to each subgraph by outcome (ok, error, unavailable)', ['subgraph', 'outcome']);
  const sources: SubgraphSource[] = [];
  const faults = createSubgraphFaults(options.subgraphFaults ?? SUBGRAPH_FAULT_DEFAULTS, logger);
  metrics.gauge('caregraph_subgraph_circuit_state', 'Circuit breaker of each subgraph: 1 for its current state (closed, open, half-open)', ['subgraph', 'state'], () =>
    Object.entries(faults.circuits()).flatMap(([subgraph, current]) => (['closed', 'open', 'half-open'] as const).map((state) => [{ subgraph, state }, state === current ? 1 : 0] as [{ subgraph: string; state: string }, number])),
  );
  // Before the gateway is built: it decides then whether to report to Apollo (packages/config).
  disableVendorTelemetry();
  const gateway = new ApolloGateway({
    ...(options.supergraphSdl
      ? { supergraphSdl: options.supergraphSdl }
      : { supergraphSdl: new IntrospectAndCompose({ subgraphs: options.subgraphs }) }),
    buildService: ({ name, url }) => {
      const source = new SubgraphSource(name!, url!, faults, (subgraph, outcome, seconds) => subgraphCalls.observe({ subgraph, outcome }, seconds));
      sources.push(source);
      return source;
    },
    logger,
  });
  const limits = operationLimits(options.limits);
  const rateLimits = RateLimits.create(options.rateLimits ?? RATE_LIMIT_DEFAULTS, options.redis);
  const clientAddressOf = clientAddressReader(options.trustedProxies ?? []);
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => (apiSchema = schema));

  const apollo = new ApolloServer<GatewayContext>({
    gateway: withPlannerFailuresAnswered(gateway),
    introspection: options.introspection,
    csrfPrevention: true,
    // Our entry points drain servers, close databases and exit 0 on SIGTERM; Apollo's handler would re-raise the signal.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    // "Did you mean …?" names fields: as good as introspection, so only given when introspection is.
    hideSchemaDetailsFromClientErrors: !options.introspection,
    parseOptions: limits.parseOptions,
    logger,
    plugins: [
      ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      rateLimitPlugin(rateLimits),
      httpStatusPlugin,
      accessLogPlugin,
      authorizationPlugin,
      // The IDE is Caregraph's own page (ide/ide.ts), served before Apollo sees the request; Apollo's would load from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints: every answer depends on who asks.
      ApolloServerPluginCacheControlDisabled(),
      requestIdPlugin(requestIdOfContext),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // Express would hash every response body into an ETag; answers are per viewer and never asked for conditionally.
  app.set('etag', false);
  const allowOrigins = options.corsOrigins?.length ? corsFor(options.corsOrigins, options.corsAllowedHeaders ?? DEFAULT_CORS_ALLOWED_HEADERS) : undefined;
  if (allowOrigins) app.use(allowOrigins);
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  // Ready once the schema is composed: a context that is down answers SERVICE_UNAVAILABLE for its own fields while the
  // others answer (docs/operations.md), so one missing context must not take every gateway replica out of service.
  // `?strict` asks whether every subgraph is up as well (start-up waits, a whole-platform check).
  app.get('/ready', async (req, res) => {
    const { subgraphs, events } = await subgraphReadiness(options.subgraphs);
    const whole = Object.values(subgraphs).every((status) => status === 'up');
    const ready = !!apiSchema && (whole || req.query.strict === undefined);
    res.status(ready ? 200 : 503).json({
      status: !apiSchema ? 'not ready' : whole ? 'ready' : ready ? 'degraded' : 'not ready',
      schema: apiSchema ? 'composed' : 'not composed',
      subgraphs,
      circuits: faults.circuits(),
      events,
    });
  });
  app.get('/metrics', metricsHandler(metrics, options.metricsToken));
  if (options.introspection) app.use(ideRouter(options.ide ?? {}));
  if (options.dashboardDir) app.use('/dashboard', dashboardRouter(options.dashboardDir));
  const graphql: HttpStep[] = [
    accessLog(logger, metrics),
    jsonBody(100 * 1024),
    traceRequests('gateway', accessFactsOf),
    apolloHandler(
      apollo,
      withAccessLog(async ({ req, res }) => {
        const clientAddress = clientAddressOf(req);
        return {
          viewer: await options.authenticate(req.headers.authorization),
          authorization: req.headers.authorization,
          clientAddress,
          clientAddressHeaders: clientAddressHeaders(options.gatewaySecret, clientAddress),
          requestId: requestIdOf(res),
        };
      }, logger),
    ),
  ];
  // POST /graphql skips express (graphql-http.ts), so it takes the CORS step itself.
  const running = await listen(graphqlServer(app, graphql, logger, allowOrigins ? [allowOrigins] : []), options.host, options.port);
  // Payloads of subscriptions run through the same pipeline as HTTP requests, each with a request id of its own.
  const execute: ExecuteAs = async (query, variables, context) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: { ...context, requestId: randomUUID() } });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used by the gateway');
    return response.body.singleResult;
  };
  const subscriptions = startSubscriptionServer({
    server: running.server,
    schema: () => apiSchema,
    execute,
    authenticate: options.authenticate,
    revocations: options.revocations,
    live: options.live,
    limits: options.limits,
    rateLimits,
    clientAddressOf,
    subscriptionLimits: options.subscriptionLimits ?? SUBSCRIPTION_LIMIT_DEFAULTS,
    ...(options.gatewaySecret ? { gatewaySecret: options.gatewaySecret } : {}),
    logger,
  });
  metrics.gauge('caregraph_subscriptions_open', 'Live subscriptions and graphql-ws connections open on this gateway process', ['kind'], () => {
    const { connections, subscribers } = subscriptions.stats();
    return [
      [{ kind: 'subscriptions' }, subscribers],
      [{ kind: 'connections' }, connections],
    ];
  });
  logger.debug('gateway ready', { url: running.url });
  return {
    ...running,
    subscriptions: () => subscriptions.stats(),
    async stop() {
      // Sockets first: an upgraded connection is no longer the HTTP server's to close.
      await subscriptions.stop();
      await running.stop();
      await apollo.stop();
      await Promise.all(sources.map((source) => source.close()));
      await rateLimits.close();
    },
  };
}
