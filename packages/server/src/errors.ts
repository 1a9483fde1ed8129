/** Error masking shared by the gateway and every subgraph: our codes pass, anything else becomes an opaque internal error. */
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@caregraph/errors';
import type { Logger } from './logger';

/**
 * Prisma's codes for a database it cannot reach or use right now: unreachable, timed out, closed the connection, pool
 * timeout, the server out of connections.
 */
const DATABASE_UNAVAILABLE: ReadonlySet<unknown> = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'P2037']);

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
    if (service && DATABASE_UNAVAILABLE.has((original as { code?: unknown } | undefined)?.code)) {
      logger.warn('database unavailable', { path: formatted.path, code: (original as { code: string }).code });
      return {
        message: `The ${service} service is unavailable (its database is not reachable): try again shortly.`,
        ...(formatted.path ? { path: formatted.path } : {}),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, service },
      };
    }
    logger.error('internal error', { path: formatted.path, error: original instanceof Error ? (original.stack ?? original.message) : String(original) });
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
