/** HTTP semantics at the gateway: statuses and headers that follow the error codes, and planner failures as a clear 400. */
import type { ApolloServerOptionsWithGateway, ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { HTTP_STATUS_FOR_CODE } from '@caregraph/errors';
import type { GatewayContext } from './context';

/** Statuses in the order they win when an answer carries several codes: 401 says "sign in", before any other verdict. */
const PRECEDENCE = ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'];

/**
 * An answer without data takes the status of its error code: 401 with `WWW-Authenticate: Bearer`, 403, 429 with
 * `Retry-After`, 503 when every context asked is unavailable. Subgraph errors reach the gateway as 200 (so Apollo
 * keeps their bodies); the status is decided here.
 * Partial results (some root field has data) stay 200, as GraphQL over HTTP says; validation failures are already 400.
 */
export const httpStatusPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (!errors?.length) return;
        if (data && Object.values(data).some((value) => value !== null)) return;
        const codes = errors.map((e) => e.extensions?.code);
        const code = PRECEDENCE.find((c) => codes.includes(c));
        if (!code) return;
        response.http.status = HTTP_STATUS_FOR_CODE[code];
        if (code === 'UNAUTHENTICATED') response.http.headers.set('www-authenticate', 'Bearer');
        if (code === 'RATE_LIMITED') {
          const waits = errors.map((e) => Number(e.extensions?.retryAfterSeconds)).filter((s) => Number.isFinite(s) && s > 0);
          if (waits.length) response.http.headers.set('retry-after', String(Math.ceil(Math.max(...waits))));
        }
      },
    };
  },
};

type GatewayInterface = ApolloServerOptionsWithGateway<GatewayContext>['gateway'];

const plannerFailure = (error: unknown) =>
  error instanceof Error && !(error instanceof GraphQLError) && /query-planner|federation-internals/.test(error.stack ?? '');

/**
 * The query planner throws on operations it cannot plan within its own limits ("non-local selections exceeds limit");
 * Apollo would answer 500. Such an operation is the caller's to simplify, so it gets a 400 that says so. A document
 * the gateway cannot read as asked (an unknown operationName) is a 400 too.
 */
export function withPlannerFailuresAnswered(gateway: GatewayInterface): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      const { executor } = loaded;
      if (!executor) return loaded;
      return {
        ...loaded,
        async executor(requestContext) {
          try {
            return await executor(requestContext);
          } catch (error) {
            // The gateway's own reading of the document (e.g. an operationName the document does not define) is the
            // caller's mistake, answered 400 with its message; Apollo would make it a 500.
            if (error instanceof GraphQLError && error.extensions.code === 'INVALID_GRAPHQL')
              throw new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
            if (!plannerFailure(error)) throw error;
            throw new GraphQLError('The operation is too complex to plan: select fewer fields, aliases or levels of nesting.', {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
