/**
 * GraphQL over WebSocket (graphql-ws) on the gateway's own `/graphql` path. A connection is authenticated once, by
 * the token in `connection_init` (or the upgrade request's Authorization header), and stays so only while the token
 * does: it is closed with 4401 when the token expires or its session is logged out. Each subscription passes the
 * same limits and role rules as an HTTP operation, then listens to one live topic; every event's payload is read
 * through the gateway's own query planning with the subscriber's credentials (docs/subscriptions.md).
 */
import type { IncomingMessage, Server } from 'node:http';
import {
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import { CloseCode, type Context as SocketContext, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { allow, authorizeOperation, operationRules } from '@caregraph/access';
import type { Authenticator, RevocationList, Viewer } from '@caregraph/auth';
import type { OperationLimits, SubscriptionLimits } from '@caregraph/config';
import { ErrorCode } from '@caregraph/errors';
import type { LiveChannel } from '@caregraph/events';
import { clientAddressHeaders, limitRules, type Logger } from '@caregraph/server';
import type { GatewayContext } from '../context';
import { LIVE_FIELDS } from './fields';
import { LiveHub, type ReadOutcome } from './hub';
import { LiveStream, type Delivery } from './live-stream';
import { operationClassOf, type RateLimits } from '../rate-limits';
import { fragmentsOf, LIVE_CURSOR, LIVE_ID, payloadQuery, REPLAY_ID_ALIAS, replayQuery, responseKeyOf, rootFieldOf } from './payload-query';

/** Runs an operation through the gateway's whole HTTP pipeline (limits, role rules, planning) as `context`'s viewer. */
export type ExecuteAs = (query: string, variables: Record<string, unknown>, context: GatewayContext) => Promise<FormattedExecutionResult>;

export type SubscriptionServerOptions = {
  server: Server;
  /** The composed API schema, once there is one. */
  schema(): GraphQLSchema | undefined;
  execute: ExecuteAs;
  authenticate: Authenticator;
  revocations: RevocationList;
  live: LiveChannel;
  limits: OperationLimits;
  /** Every operation sent over a socket pays its class's budgets, as over HTTP; a subscription pays once, when subscribed. */
  rateLimits: RateLimits;
  /** The client's address behind any trusted proxies (the upgrade request's). */
  clientAddressOf(request: IncomingMessage): string;
  subscriptionLimits: SubscriptionLimits;
  gatewaySecret?: string;
  logger: Logger;
};

/** How often every open connection's token is checked again, besides the instant revocation notices and expiry timers. */
const RECHECK_MS = 30_000;
/** Close codes beyond graphql-ws' own: a client that should retry later (too many connections, or reading too slowly). */
const TRY_LATER = 4429;

type Connection = {
  viewer: Viewer;
  context: GatewayContext;
  streams: Set<LiveStream>;
  /** Subscriptions accepted but not yet listening. */
  preparing: number;
  /** Closes the connection when the token expires. */
  expiry: NodeJS.Timeout;
  close(code: number, reason: string): void;
};

/** What `subscribe`/`execute` get from `onSubscribe` through the execution arguments' context. */
type Prepared = { stream: LiveStream } | { query: string; variables: Record<string, unknown>; context: GatewayContext };

const graphqlError = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });
const codesOf = (result: FormattedExecutionResult) => (result.errors ?? []).map((e) => e.extensions?.code);
/** A WebSocket close reason is at most 123 bytes. */
const reasonOf = (text: string) => (Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString()}…`);

/** The token of a connection: `connection_init`'s `authorization` (any case, or a bare token), else the upgrade request's header. */
function authorizationOf(ctx: SocketContext<Record<string, unknown>, { request: { headers: Record<string, string | string[] | undefined> } }>) {
  const params = ctx.connectionParams ?? {};
  const headers = (params.headers ?? {}) as Record<string, unknown>;
  const value = [params.authorization, params.Authorization, headers.authorization, headers.Authorization, ctx.extra.request.headers.authorization].find(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  if (!value) return undefined;
  return /^bearer /i.test(value) ? `Bearer ${value.slice(7).trim()}` : `Bearer ${value.trim()}`;
}

export function startSubscriptionServer(options: SubscriptionServerOptions) {
  const { limits, subscriptionLimits: caps, logger } = options;
  const hub = new LiveHub(options.live, logger);
  const rules = limitRules(limits);
  const connections = new Map<object, Connection>();
  const perUser = new Map<string, number>();
  const wsServer = new WebSocketServer({ server: options.server, path: '/graphql', maxPayload: 100 * 1024 });

  const endAll = (matches: (connection: Connection) => boolean, code: number, reason: string) => {
    for (const connection of connections.values()) if (matches(connection)) connection.close(code, reason);
  };
  const stopRevocations = options.revocations.onRevoke((ids) =>
    endAll((c) => ids.includes(c.viewer.tokenId) || ids.includes(c.viewer.sessionId), CloseCode.Unauthorized, 'Unauthorized: the session was signed out'),
  );
  const recheck = setInterval(() => {
    for (const connection of connections.values())
      options.authenticate(connection.context.authorization).catch((error: Error) => connection.close(CloseCode.Unauthorized, reasonOf(`Unauthorized: ${error.message}`)));
  }, RECHECK_MS).unref();

  /** Reads a payload as the connection's viewer: what to deliver, or that the token no longer works. */
  const readAs = async (connection: Connection, query: string, variables: Record<string, unknown>, key: string, id: string): Promise<ReadOutcome> => {
    const result = await options.execute(query, variables, connection.context);
    if (codesOf(result).includes(ErrorCode.UNAUTHENTICATED)) return 'unauthenticated';
    // Not readable by this subscriber (or gone): nothing is delivered, and nothing says that there was an event.
    if (!result.data?.[key]) return [];
    return [{ id, result: result as ExecutionResult }];
  };

  /** Every page of the inbox after `cursor`, each node as the subscriber's own event; the first page's errors end the subscription. */
  const replay = async (connection: Connection, query: string, variables: Record<string, unknown>, key: string, cursor: string) => {
    const deliveries: Delivery[] = [];
    for (let after: string | null = cursor, first = true; after !== null; first = false) {
      const result = await options.execute(query, { ...variables, [LIVE_CURSOR]: after }, connection.context);
      const page = result.data?.[key] as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Record<string, unknown>[] } | null | undefined;
      if (!page) {
        if (first) return { errors: result.errors?.length ? result.errors : [{ message: 'The replay could not be read.' }] };
        break;
      }
      for (const { [REPLAY_ID_ALIAS]: id, ...node } of page.nodes) deliveries.push({ id: String(id), result: { data: { [key]: node } } as ExecutionResult });
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    return { deliveries };
  };

  const prepare = async (ctx: SocketContext, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    const connection = connections.get(ctx);
    if (!connection) return [graphqlError('Not signed in.', ErrorCode.UNAUTHENTICATED)];
    const schema = options.schema();
    if (!schema) return [graphqlError('The gateway is still composing its schema: try again in a moment.', 'SERVICE_UNAVAILABLE')];
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: limits.tokens });
    } catch (error) {
      return [graphqlError((error as Error).message, 'GRAPHQL_PARSE_FAILED')];
    }
    const invalid = validate(schema, document, rules);
    const errors = invalid.length ? invalid : validate(schema, document);
    if (errors.length) return errors.map((e) => graphqlError(e.message, 'GRAPHQL_VALIDATION_FAILED'));
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return [graphqlError('Say which operation to run (operationName).', 'GRAPHQL_VALIDATION_FAILED')];
    const refusal = await options.rateLimits.admit(operationClassOf(operation.operation), { userId: connection.viewer.userId, address: connection.context.clientAddress });
    if (refusal) return [refusal];
    const variables = (payload.variables ?? {}) as Record<string, unknown>;
    // Queries and mutations sent over the socket run exactly as over HTTP.
    if (operation.operation !== 'subscription') {
      const prepared: Prepared = { query: payload.query, variables, context: connection.context };
      return { schema, document, contextValue: prepared };
    }
    // Subscribe messages are handled concurrently: those still being prepared count too.
    if (connection.streams.size + connection.preparing >= caps.perConnection)
      return [graphqlError(`At most ${caps.perConnection} subscriptions run at once on one connection: complete one first.`, ErrorCode.RATE_LIMITED)];
    connection.preparing++;
    try {
      return await prepareSubscription(connection, schema, document, operation, variables);
    } finally {
      connection.preparing--;
    }
  };

  const prepareSubscription = async (
    connection: Connection,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 10 });
    if (coerced.errors) return coerced.errors.map((e) => graphqlError(e.message, ErrorCode.BAD_USER_INPUT));
    if ((operation.variableDefinitions ?? []).some((d) => [LIVE_ID, LIVE_CURSOR].includes(d.variable.name.value)))
      return [graphqlError(`The variable names $${LIVE_ID} and $${LIVE_CURSOR} are reserved in subscriptions.`, ErrorCode.BAD_USER_INPUT)];
    const denied = await authorizeOperation({ schema, document, operation, variables: coerced.coerced, rules: operationRules, fallbackRule: allow, context: { viewer: connection.viewer } });
    if (denied) return [denied];

    const fragments = fragmentsOf(document);
    const field = rootFieldOf(operation, fragments)!;
    const live = LIVE_FIELDS[field.name.value];
    if (!live) return [graphqlError(`${field.name.value} is not served.`, ErrorCode.BAD_USER_INPUT)];
    const definition = schema.getSubscriptionType()!.getFields()[field.name.value]!;
    const args = getArgumentValues(definition, field, coerced.coerced);
    const ask = async (query: string, askVariables: Record<string, unknown>) => (await options.execute(query, askVariables, connection.context)).data;
    let listening;
    try {
      listening = await live.listen(connection.viewer, args, ask);
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }

    const key = responseKeyOf(field);
    const query = payloadQuery(operation, field, fragments, live.read);
    // As the client sent them (the derived query declares them, defaults included, exactly as the subscription did).
    const usedVariables = Object.fromEntries(query.variables.filter((name) => name in variables).map((name) => [name, variables[name]]));
    const scope = live.scope === 'role' ? `role:${connection.viewer.role}` : `user:${connection.viewer.userId}`;
    let removeFromHub = () => {};
    const stream = new LiveStream(
      caps.pendingEvents,
      () => connection.close(TRY_LATER, 'Too slow: events are waiting; reconnect with your last cursor'),
      () => {
        connection.streams.delete(stream);
        removeFromHub();
      },
    );
    connection.streams.add(stream);
    const replayFrom = live.replay && typeof args[live.replay.argument] === 'string' ? (args[live.replay.argument] as string) : undefined;
    let replayed: (deliveries: Delivery[]) => void = () => {};
    // The replay goes first in the stream; it is read only once the topic is subscribed, so nothing falls between.
    if (replayFrom !== undefined) stream.push(new Promise<Delivery[]>((resolve) => (replayed = resolve)));
    removeFromHub = await hub.add(listening.topic, {
      groupKey: `${scope}\n${query.text}\n${JSON.stringify(usedVariables)}`,
      ...(listening.accept ? { accept: listening.accept } : {}),
      // One copy per event; for the inbox, one per notification, since a replayed one can arrive live as well.
      read: (message) => readAs(connection, query.text, { ...usedVariables, [LIVE_ID]: message.entityId }, key, live.replay ? message.entityId : message.eventId),
      unauthenticated: () => connection.close(CloseCode.Unauthorized, 'Unauthorized: the access token no longer works'),
      stream,
    });
    if (replayFrom !== undefined) {
      const outcome = await replay(connection, replayQuery(operation, field, fragments, live.replay!.read).text, usedVariables, key, replayFrom);
      if (outcome.errors) {
        await stream.return();
        return outcome.errors.map((e) => graphqlError(e.message, String(e.extensions?.code ?? ErrorCode.BAD_USER_INPUT)));
      }
      replayed(outcome.deliveries ?? []);
    }
    const prepared: Prepared = { stream };
    return { schema, document, contextValue: prepared };
  };

  const server = useServer<Record<string, unknown>, { request: IncomingMessage; socket: { close(code: number, reason: string): void } }>(
    {
      async onConnect(ctx) {
        const close = (code: number, reason: string) => ctx.extra.socket.close(code, reasonOf(reason));
        const authorization = authorizationOf(ctx);
        if (!authorization) {
          close(CloseCode.Unauthorized, 'Unauthorized: send {"authorization":"Bearer <access token>"} in connection_init');
          return false;
        }
        let viewer: Viewer | undefined;
        try {
          viewer = await options.authenticate(authorization);
        } catch (error) {
          close(CloseCode.Unauthorized, `Unauthorized: ${(error as Error).message}`);
          return false;
        }
        if (!viewer) return false;
        const open = perUser.get(viewer.userId) ?? 0;
        if (open >= caps.connectionsPerUser) {
          close(TRY_LATER, `Too many connections: at most ${caps.connectionsPerUser} per account`);
          return false;
        }
        perUser.set(viewer.userId, open + 1);
        const expiry = setTimeout(() => close(CloseCode.Unauthorized, 'Unauthorized: the access token has expired'), Math.max(0, viewer.expiresAt.getTime() - Date.now()));
        expiry.unref();
        const clientAddress = options.clientAddressOf(ctx.extra.request);
        connections.set(ctx, {
          viewer,
          context: { viewer, authorization, clientAddress, clientAddressHeaders: clientAddressHeaders(options.gatewaySecret, clientAddress) },
          streams: new Set(),
          preparing: 0,
          expiry,
          close,
        });
        return true;
      },
      onSubscribe: (ctx, _id, payload) => prepare(ctx, payload),
      subscribe: async (args) => (args.contextValue as { stream: LiveStream }).stream,
      execute: async (args) => {
        const { query, variables, context } = args.contextValue as Extract<Prepared, { query: string }>;
        return (await options.execute(query, variables, context)) as ExecutionResult;
      },
      // Payloads come from the gateway's own execution, already formatted as they are over HTTP.
      onNext: (_ctx, _id, _payload, _args, result) => result,
      onError: (_ctx, _id, _payload, errors) =>
        errors.map(({ message, extensions: { code, retryAfterSeconds } }) => ({ message, extensions: { code, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) } })),
      async onClose(ctx) {
        const connection = connections.get(ctx);
        if (!connection) return;
        clearTimeout(connection.expiry);
        connections.delete(ctx);
        for (const stream of connection.streams) await stream.return();
        const open = (perUser.get(connection.viewer.userId) ?? 1) - 1;
        if (open > 0) perUser.set(connection.viewer.userId, open);
        else perUser.delete(connection.viewer.userId);
      },
    },
    wsServer,
  );

  return {
    stats: () => ({ connections: connections.size, ...hub.stats() }),
    async stop() {
      clearInterval(recheck);
      stopRevocations();
      await server.dispose();
    },
  };
}
