/**
 * How the gateway calls a subgraph: one keep-alive connection pool per subgraph (undici), the caller's credentials and
 * request id on every call, and the subgraph's JSON answer handed to the query plan as it came.
 *
 * Apollo's RemoteGraphQLDataSource builds node-fetch Request and Headers objects and goes through WHATWG fetch for
 * every call; in the gateway's CPU profile that was a fifth of all the time spent. A pool's plain request is the same
 * HTTP with none of that (docs/performance.md).
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { Pool } from 'undici';
import { REQUEST_ID_HEADER } from '@caregraph/server';
import type { GatewayContext } from './context';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Connections one gateway process keeps open to one subgraph at most; calls beyond them wait for a free one. */
const CONNECTIONS_PER_SUBGRAPH = 128;

export class SubgraphSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(readonly url: string) {
    const { origin, pathname, search } = new URL(url);
    this.pool = new Pool(origin, { connections: CONNECTIONS_PER_SUBGRAPH, keepAliveTimeout: 30_000 });
    this.path = `${pathname}${search}`;
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    // Subgraphs authenticate and authorize every call themselves: they get the caller's own token.
    if (context.authorization) headers.authorization = context.authorization;
    if (context.clientAddressHeaders) Object.assign(headers, context.clientAddressHeaders);
    // The subgraph's access line carries the same id as the gateway's.
    if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    const response = await this.pool.request({
      path: this.path,
      method: 'POST',
      headers,
      body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName }),
    });
    // Subgraphs answer GraphQL errors with HTTP statuses (401 for a bad token, 400 for a bad variable): a JSON body
    // is the subgraph's answer whatever the status, so the caller gets its error code and message.
    if (!String(response.headers['content-type'] ?? '').includes('json')) {
      const text = await response.body.text();
      throw new GraphQLError(`${response.statusCode}: the subgraph at ${this.url} did not answer with JSON`, {
        extensions: { response: { status: response.statusCode, body: text.slice(0, 200) } },
      });
    }
    const body = (await response.body.json()) as GatewayGraphQLResponse | null;
    if (!body || typeof body !== 'object') throw new GraphQLError(`The subgraph at ${this.url} answered with something other than a GraphQL response.`);
    return body;
  }

  /** Closes the pool's connections (the gateway is stopping). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
