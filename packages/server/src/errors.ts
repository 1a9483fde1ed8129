/**
 * Error masking shared by the gateway and every subgraph: our codes pass, anything else becomes an opaque internal
 * error. Every error a client is sent carries the request id (`extensions.requestId`), and the log line of a masked
 * one says which request it was.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@caregraph/errors';
import type { Logger } from './logger';

/**
 * Prisma's codes for a database it cannot reach or use right now: unreachable, timed out, closed the connection, pool
 * timeout, the server out of connections.
 */
const DATABASE_UNAVAILABLE: ReadonlySet<unknown> = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'P2037']);

type LogEntry = { logger: Logger; level: 'warn' | 'error'; message: string; fields: Record<string, unknown> };
/**
 * Apollo formats errors without the request's context, so the log line of a masked error waits here, keyed by the
 * formatted error, for `requestIdPlugin` to add the request id. An error no plugin sees (one thrown while building
 * the context) is logged on the next turn without it, so nothing goes unlogged.
 */
const unlogged = new WeakMap<GraphQLFormattedError, LogEntry>();

function logOnceFormatted(formatted: GraphQLFormattedError, entry: LogEntry): GraphQLFormattedError {
  unlogged.set(formatted, entry);
  setImmediate(() => unlogged.delete(formatted) && entry.logger[entry.level](entry.message, entry.fields));
  return formatted;
}

/**
 * `service` (a subgraph's context) turns a database that cannot be reached into `SERVICE_UNAVAILABLE` naming the
 * context, as the gateway does for a subgraph that cannot be reached: a fault of the moment, not a bug to mask.
 */
export function createErrorFormatter(logger: Logger, service?: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return { ...formatted, extensions };
    // Never leak stack traces, SQL or driver messages: log them, answer with a stable message.
    const original = unwrapResolverError(error);
    const where = { ...(formatted.path ? { path: formatted.path } : {}), ...(formatted.locations ? { locations: formatted.locations } : {}) };
    // An error the access log already turned into a masked one (withAccessLog) keeps its request id.
    const requestId = typeof extensions.requestId === 'string' ? { requestId: extensions.requestId } : {};
    if (service && DATABASE_UNAVAILABLE.has((original as { code?: unknown } | undefined)?.code)) {
      const masked = { message: `The ${service} service is unavailable (its database is not reachable): try again shortly.`, ...where, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, service, ...requestId } };
      return logOnceFormatted(masked, { logger, level: 'warn', message: 'database unavailable', fields: { path: formatted.path, code: (original as { code: string }).code } });
    }
    const masked = { message: 'Internal server error', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR', ...requestId } };
    if (requestId.requestId) return masked; // logged where it was caught, with its request id
    return logOnceFormatted(masked, { logger, level: 'error', message: 'internal error', fields: { path: formatted.path, error: original instanceof Error ? (original.stack ?? original.message) : String(original) } });
  };
}

/** The request id a request runs under: the access log's (HTTP) or the one a subscription payload was given. */
export type RequestIdOf = (context: BaseContext) => string | undefined;

/**
 * Apollo plugin, last in the list: adds `extensions.requestId` to every error of the response and writes the log
 * lines of the masked ones with it, so the id a client reports finds the log line.
 */
export function requestIdPlugin(requestIdOf: RequestIdOf): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ contextValue }) {
      const requestId = requestIdOf(contextValue);
      if (!requestId) return;
      return {
        async willSendResponse({ response }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          if (!result.errors) return;
          for (const error of result.errors) {
            const entry = unlogged.get(error);
            if (entry && unlogged.delete(error)) entry.logger[entry.level](entry.message, { ...entry.fields, requestId });
          }
          (result as { errors: GraphQLFormattedError[] }).errors = result.errors.map((error) => ({ ...error, extensions: { ...error.extensions, requestId } }));
        },
      };
    },
  };
}
