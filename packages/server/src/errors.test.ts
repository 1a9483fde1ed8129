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
});
