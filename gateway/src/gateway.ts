/** The gateway: composes the subgraphs, authenticates every request, applies role rules, forwards credentials. */
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Authenticator } from '@caregraph/auth';
import { accessLog, accessLogPlugin, createErrorFormatter, listen, REQUEST_ID_HEADER, requestIdOf, withAccessLog, type Logger, type RunningServer } from '@caregraph/server';
import { authorizationPlugin } from './authorization';
import type { GatewayContext } from './context';
import { depthLimit } from './limits';

export type SubgraphEndpoint = { name: string; url: string };

export type GatewayOptions = {
  host: string;
  port: number;
  subgraphs: SubgraphEndpoint[];
  /** A supergraph composed ahead of time (`npm run compose`); without it the gateway composes at start. */
  supergraphSdl?: string;
  authenticate: Authenticator;
  introspection: boolean;
  maxQueryDepth: number;
  /** Browser origins allowed to call (`*` for any); none means no CORS headers. */
  corsOrigins?: string[];
  logger: Logger;
};

/**
 * Subgraphs answer GraphQL errors with HTTP statuses (401 for a bad token, 400 for a bad variable); Apollo's data
 * source would replace such a response with a bare "401: Unauthorized". A JSON GraphQL body is passed through as a
 * normal response instead, so the caller gets the subgraph's error code and message.
 */
const subgraphFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.ok || !response.headers.get('content-type')?.includes('json')) return response;
  return new Response(await response.text(), { status: 200, headers: response.headers });
};

class AuthForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    // The subgraph's access line carries the same id as the gateway's.
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}

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

/** CORS for browser apps on other origins: the allowlisted origin may send the token header and JSON bodies. */
function cors(allowed: string[]): express.RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && (allowed.includes('*') || allowed.includes(origin))) {
      res.setHeader('access-control-allow-origin', allowed.includes('*') ? '*' : origin);
      res.setHeader('vary', 'origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        res.setHeader('access-control-allow-headers', 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name');
        res.setHeader('access-control-max-age', '600');
        return void res.sendStatus(204);
      }
    }
    next();
  };
}

export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const logger = options.logger.child({ service: 'gateway' });
  const gateway = new ApolloGateway({
    ...(options.supergraphSdl
      ? { supergraphSdl: options.supergraphSdl }
      : { supergraphSdl: new IntrospectAndCompose({ subgraphs: options.subgraphs }) }),
    buildService: ({ url }) => new AuthForwardingDataSource({ url, fetcher: subgraphFetch as never }),
    logger,
  });
  let composed = false;
  gateway.onSchemaLoadOrUpdate(() => (composed = true));

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    csrfPrevention: true,
    // Our entry points drain servers, close databases and exit 0 on SIGTERM; Apollo's handler would re-raise the signal.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    validationRules: [depthLimit(options.maxQueryDepth)],
    logger,
    plugins: [
      accessLogPlugin,
      authorizationPlugin,
      options.introspection ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(cors(options.corsOrigins ?? []));
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', async (_req, res) => {
    const { subgraphs, events } = await subgraphReadiness(options.subgraphs);
    const ready = composed && Object.values(subgraphs).every((status) => status === 'up');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', schema: composed ? 'composed' : 'not composed', subgraphs, events });
  });
  app.use(
    '/graphql',
    accessLog(logger),
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, {
      context: withAccessLog(async ({ req, res }) => ({
        viewer: await options.authenticate(req.headers.authorization),
        authorization: req.headers.authorization,
        requestId: requestIdOf(res),
      })),
    }),
  );
  const running = await listen(app, options.host, options.port);
  logger.debug('gateway ready', { url: running.url });
  return {
    ...running,
    async stop() {
      await running.stop();
      await apollo.stop();
    },
  };
}
