/**
 * How the gateway calls a subgraph: one keep-alive connection pool per subgraph (undici), the caller's credentials and
 * request id on every call, the time budget and circuit breaker of subgraph-faults.ts around it, each entity asked for
 * once (representations.ts), and the subgraph's JSON answer handed to the query plan.
 *
 * Apollo's RemoteGraphQLDataSource builds node-fetch Request and Headers objects and goes through WHATWG fetch for
 * every call; in the gateway's CPU profile that was a fifth of all the time spent. A pool's plain request is the same
 * HTTP with none of that (docs/performance.md).
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Pool } from 'undici';
import { injectTraceHeaders, type SubgraphCallOutcome } from '@caregraph/observability';
import { REQUEST_ID_HEADER } from '@caregraph/server';
import type { GatewayContext } from './context';
import { distinctRepresentations } from './representations';
import { SubgraphHttpError, type SubgraphAnswer, type SubgraphFaults } from './subgraph-faults';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Records one subgraph call's duration and outcome (the gateway's metrics). */
export type SubgraphCallObserver = (subgraph: string, outcome: SubgraphCallOutcome, seconds: number) => void;

/** Connections one gateway process keeps open to one subgraph at most; calls beyond them wait for a free one. */
const CONNECTIONS_PER_SUBGRAPH = 128;

export class SubgraphSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly guarded: ReturnType<SubgraphFaults['guard']>;

  /** `faults` gives every call its time budget and this subgraph's circuit breaker. */
  constructor(
    readonly name: string,
    readonly url: string,
    faults: SubgraphFaults,
    private readonly observe: SubgraphCallObserver,
  ) {
    const { origin, pathname, search } = new URL(url);
    this.pool = new Pool(origin, { connections: CONNECTIONS_PER_SUBGRAPH, keepAliveTimeout: 30_000 });
    this.path = `${pathname}${search}`;
    this.guarded = faults.guard(name);
  }

  async process({ request: planned, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    const distinct = distinctRepresentations(planned.variables);
    const request = distinct ? { ...planned, variables: { ...planned.variables, representations: distinct.representations } } : planned;
    const sent = await this.guarded(request, (signal) => this.send(request, context, signal));
    const answer = distinct ? distinct.expand(sent) : sent;
    const errors = (answer.errors ?? []) as { extensions?: { code?: unknown; service?: unknown } }[];
    const unavailable = errors.some(({ extensions }) => extensions?.code === 'SERVICE_UNAVAILABLE' && extensions.service === this.name);
    this.observe(this.name, unavailable ? 'unavailable' : errors.length ? 'error' : 'ok', (performance.now() - started) / 1000);
    return answer as GatewayGraphQLResponse;
  }

  private async send(request: GraphQLDataSourceProcessOptions<GatewayContext>['request'], context: Partial<GatewayContext>, signal: AbortSignal): Promise<SubgraphAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    // Subgraphs authenticate and authorize every call themselves: they get the caller's own token.
    if (context.authorization) headers.authorization = context.authorization;
    if (context.clientAddressHeaders) Object.assign(headers, context.clientAddressHeaders);
    // The subgraph's access line carries the same id as the gateway's.
    if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    // The subgraph's span continues the gateway's fetch span (when tracing).
    injectTraceHeaders(headers);
    const response = await this.pool.request({
      path: this.path,
      method: 'POST',
      headers,
      body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName }),
      signal,
    });
    // Subgraphs answer GraphQL errors with HTTP statuses (401 for a bad token, 400 for a bad variable): a JSON body
    // is the subgraph's answer whatever the status, so the caller gets its error code and message.
    if (String(response.headers['content-type'] ?? '').includes('json')) {
      const body = (await response.body.json()) as SubgraphAnswer | null;
      if (body && typeof body === 'object') return body;
      throw new SubgraphHttpError(response.statusCode);
    }
    await response.body.dump();
    // Without a GraphQL body a 5xx means the service is not answering (the breaker counts it); anything else is a
    // subgraph that answered, wrongly: an error for this call only.
    if (response.statusCode >= 500) throw new SubgraphHttpError(response.statusCode);
    return { errors: [{ message: `The ${this.name} service answered HTTP ${response.statusCode} without a GraphQL response.`, extensions: { code: 'INTERNAL_SERVER_ERROR', service: this.name } }] };
  }

  /** Closes the pool's connections (the gateway is stopping). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
