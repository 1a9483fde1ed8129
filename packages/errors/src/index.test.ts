import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { forbidden, rateLimited, unauthenticated } from './index';

describe('CaregraphError', () => {
  it('is a GraphQLError with its code and HTTP status, and no stack trace (an answer, not a fault)', () => {
    const error = unauthenticated();
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    expect(rateLimited('Slow down.', 2.2).extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3, http: { status: 429 } });
    expect(forbidden().stack).toBe('GraphQLError: You are not allowed to do this.');
  });

  it('leaves the stack traces of every other error as they were', () => {
    const before = Error.stackTraceLimit;
    forbidden();
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('a fault').stack).toMatch(/\n\s+at /);
  });
});
