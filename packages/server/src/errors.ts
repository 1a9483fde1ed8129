/** Error masking shared by the gateway and every subgraph: our codes pass, anything else becomes an opaque internal error. */
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger';

export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return { ...formatted, extensions };
    // Never leak stack traces, SQL or driver messages: log them, answer with a stable message.
    const original = unwrapResolverError(error);
    logger.error('internal error', { path: formatted.path, error: original instanceof Error ? (original.stack ?? original.message) : String(original) });
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
