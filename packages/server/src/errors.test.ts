import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { badUserInput } from '@caregraph/errors';
import { createErrorFormatter } from './errors';
import { createLogger } from './logger';

const format = createErrorFormatter(createLogger('silent'));

describe('error masking', () => {
  it('passes errors written for the caller through, without stack traces', () => {
    const error = badUserInput('birthDate cannot be in the future.', 'birthDate');
    const formatted = format({ message: error.message, extensions: { ...error.extensions, stacktrace: ['at x'] } }, error);
    expect(formatted).toEqual({ message: 'birthDate cannot be in the future.', extensions: { code: 'BAD_USER_INPUT', field: 'birthDate' } });
  });

  it('replaces anything else with an opaque internal error', () => {
    const leak = new Error('duplicate key value violates unique constraint "users_email_key" SELECT * FROM users');
    const formatted = format({ message: leak.message, path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db'] } }, new GraphQLError(leak.message, { originalError: leak }));
    expect(formatted).toEqual({ message: 'Internal server error', path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(format({ message: 'boom' }, new Error('boom')).message).toBe('Internal server error');
  });

  it("answers a database it cannot reach as SERVICE_UNAVAILABLE naming the subgraph's context, without the driver's message", () => {
    const unreachable = Object.assign(new Error("Can't reach database server at 10.0.0.5:5432"), { code: 'P1001' });
    const formatted = createErrorFormatter(createLogger('silent'), 'lab')(
      { message: unreachable.message, path: ['labOrders'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      new GraphQLError(unreachable.message, { originalError: unreachable, path: ['labOrders'] }),
    );
    expect(formatted).toEqual({
      message: 'The lab service is unavailable (its database is not reachable): try again shortly.',
      path: ['labOrders'],
      extensions: { code: 'SERVICE_UNAVAILABLE', service: 'lab' },
    });
    // Without a context (the gateway's own formatter) it stays masked.
    expect(format({ message: unreachable.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new GraphQLError(unreachable.message, { originalError: unreachable, path: ['labOrders'] })).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
