/**
 * Hive Gateway as `npm run bench:gateway` runs it: the same supergraph file as Caregraph's gateway, the caller's
 * Authorization header sent to every subgraph (they authenticate and authorize each call themselves), nothing else.
 * Plain JavaScript: Hive's type declarations widen graphql's error types for the whole program they join.
 */
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }),
  },
  // The benchmark measures serving GraphQL; Caregraph's gateway serves no IDE on its API path in production either.
  graphiql: false,
  landingPage: false,
});
