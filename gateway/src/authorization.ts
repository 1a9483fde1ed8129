/** Applies the shared role rules (operationRules) to each operation before it is planned: a denied field costs no subgraph call. */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { allow, createOperationAuthorizer, operationRules } from '@caregraph/access';
import type { GatewayContext } from './context';

/**
 * Root fields are denied unless listed in operationRules. Fields of other types pass here: only the subgraph that
 * owns the data can judge ownership, and it applies its own shield (deny by default) to every entry point.
 */
const authorize = createOperationAuthorizer({ rules: operationRules, fallbackRule: allow });

export const authorizationPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, operation, schema, contextValue }) {
        if (!operation) return; // Apollo has already rejected a document without a runnable operation.
        if (operation.operation === 'subscription')
          throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws, subprotocol graphql-transport-ws) at this same /graphql URL.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        // Variables first, as execution would: the walk below reads arguments and must not meet a missing `$id: ID!`.
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 10 });
        if (coerced.errors)
          throw new GraphQLError(coerced.errors.map((e) => e.message).join(' '), { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        const error = await authorize({ schema, document, operation, variables: coerced.coerced, context: contextValue });
        if (error) throw error;
      },
    };
  },
};
