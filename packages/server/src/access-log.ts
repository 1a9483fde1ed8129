/** Access log and request ids: one line per GraphQL request, at the gateway and at every subgraph, sharing one id. */
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ServerResponse } from 'node:http';
import { getOperationAST, GraphQLError, parse } from 'graphql';
import type { Viewer } from '@caregraph/auth';
import type { Metrics, RequestSpanFacts } from '@caregraph/observability';
import type { GraphqlContextArgument, HttpStep } from './graphql-http';
import type { Logger } from './logger';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What a caller may choose as its request id: short and printable, so it can neither forge log lines nor flood them.
 * Anything else is replaced by a fresh UUID rather than refused: a request id is a convenience, not a contract.
 */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

type AccessRecord = {
  requestId: string;
  operation?: string;
  operationType?: string;
  viewer?: Viewer;
  errorCodes: Set<string>;
};

// The record rides on the express response and on the request context under a symbol, without widening either
// type. A symbol property rather than a WeakMap: Apollo hands plugins a shallow copy of the context object.
const RECORD = Symbol('caregraph.access');
type WithRecord = { [RECORD]?: AccessRecord };

/**
 * The gateway names a subgraph's part of a plan `<operation>__<subgraph>__<n>`, the subgraph's dashes made
 * underscores (`MyCareTeam__care_team__1`): the audit trail, metrics and traces want the client's name.
 */
export const clientOperationName = (name: string | null | undefined): string | null => (name ? name.replace(/__[a-z0-9]+(?:_[a-z0-9]+)*__\d+$/, '') || null : null);

/**
 * The first step of `/graphql` (graphql-http.ts): adopts the caller's well-formed `x-request-id` or makes one, returns it as a
 * response header, and writes the access line (and the request's metrics) once the response is finished or the
 * client went away.
 */
export function accessLog(logger: Logger, metrics?: Metrics): HttpStep {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const offered = req.headers[REQUEST_ID_HEADER] as string | undefined;
    const record: AccessRecord = {
      requestId: offered && WELL_FORMED_REQUEST_ID.test(offered) ? offered : randomUUID(),
      errorCodes: new Set(),
    };
    (res as WithRecord)[RECORD] = record;
    res.setHeader(REQUEST_ID_HEADER, record.requestId);
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      const body = (req.body ?? {}) as { operationName?: unknown };
      const offeredName = typeof body.operationName === 'string' ? body.operationName : undefined;
      const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      metrics?.observeRequest({ operation: clientOperationName(record.operation), type: record.operationType, seconds: durationMs / 1000, errorCodes: record.errorCodes });
      logger.info('request', {
        requestId: record.requestId,
        method: req.method,
        operation: record.operation ?? offeredName ?? null,
        operationType: record.operationType ?? null,
        viewerId: record.viewer?.userId ?? null,
        role: record.viewer?.role ?? null,
        status: res.statusCode,
        durationMs,
        errorCodes: [...record.errorCodes],
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    };
    res.once('finish', write);
    res.once('close', write);
    next();
  };
}

/** The request id `accessLog` settled on for this response. */
export const requestIdOf = (res: ServerResponse): string | undefined => (res as WithRecord)[RECORD]?.requestId;

/** The request id of a request context: the access log's, or the `requestId` a context was given (subscription payloads). */
export const requestIdOfContext = (context: object): string | undefined => (context as WithRecord)[RECORD]?.requestId ?? (context as { requestId?: string }).requestId;

/** What the access log settled on, for the request's trace span. */
export function accessFactsOf(res: object): RequestSpanFacts {
  const record = (res as WithRecord)[RECORD];
  return record ? { requestId: record.requestId, operation: clientOperationName(record.operation), operationType: record.operationType, errorCodes: record.errorCodes } : {};
}

/**
 * Wraps a `/graphql` context function so the access line knows the viewer, and the error code when
 * building the context fails (an invalid or revoked token never reaches Apollo's plugins).
 */
export function withAccessLog<Context extends { viewer?: Viewer }>(
  build: (argument: GraphqlContextArgument) => Promise<Context>,
  logger?: Logger,
): (argument: GraphqlContextArgument) => Promise<Context> {
  return async (argument) => {
    const record = (argument.res as WithRecord)[RECORD];
    try {
      const context = await build(argument);
      if (record) {
        record.viewer = context.viewer;
        (context as WithRecord)[RECORD] = record;
      }
      return context;
    } catch (error) {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      if (!record) throw error;
      record.errorCodes.add(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
      Object.assign(record, describeOperation(argument.req.body));
      // No Apollo plugin runs for a request whose context failed: its error gets the request id here.
      const requestId = record.requestId;
      if (error instanceof GraphQLError && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')
        throw new GraphQLError(error.message, { originalError: error.originalError ?? undefined, extensions: { ...error.extensions, requestId } });
      logger?.error('internal error', { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      throw new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
    }
  };
}

/** Name and type of the operation in a request body, for requests Apollo never gets to parse itself. */
function describeOperation(body: unknown): Pick<AccessRecord, 'operation' | 'operationType'> {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return {};
  try {
    const operation = getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined);
    return { operation: operation?.name?.value, operationType: operation?.operation };
  } catch {
    return {}; // not GraphQL: Apollo answers that itself
  }
}

/** Apollo plugin: the resolved operation's name and type, and the codes of the errors the client is sent. */
export const accessLogPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart({ contextValue }) {
    const record = (contextValue as WithRecord)[RECORD];
    if (!record) return;
    return {
      async willSendResponse({ response, operationName, operation, request }) {
        record.operation = operationName ?? request.operationName ?? undefined;
        record.operationType = operation?.operation;
        const body = response.body;
        const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
        for (const error of errors ?? []) {
          if (typeof error.extensions?.code === 'string') record.errorCodes.add(error.extensions.code);
        }
      },
    };
  },
};
