import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { badUserInput } from '@caregraph/errors';
import { createErrorFormatter, requestIdPlugin } from './errors';
import { createLogger } from './logger';

/** A logger whose JSON lines land in `lines`. */
function collecting() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger('info', {}, { write: (chunk: string) => void lines.push(JSON.parse(chunk) as Record<string, unknown>) }) };
}

/** What Apollo does with the formatted errors of one request: hands them to the plugin's willSendResponse. */
async function sendThroughPlugin(requestId: string, errors: object[]) {
  const hooks = await requestIdPlugin(() => requestId).requestDidStart!({ contextValue: {} } as never);
  const response = { body: { kind: 'single', singleResult: { errors } } };
  await hooks!.willSendResponse!({ response } as never);
  return response.body.singleResult.errors as { extensions: Record<string, unknown> }[];
}

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

  it("logs a masked error with the request's id and gives every error of the response that id", async () => {
    const { lines, logger } = collecting();
    const masked = createErrorFormatter(logger)({ message: 'boom', path: ['me'] }, new Error('boom'));
    const passed = createErrorFormatter(logger)({ message: 'No.', extensions: { code: 'FORBIDDEN' } }, new GraphQLError('No.'));
    const sent = await sendThroughPlugin('req-7', [masked, passed]);
    expect(sent.map((e) => e.extensions)).toEqual([{ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-7' }, { code: 'FORBIDDEN', requestId: 'req-7' }]);
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'internal error', requestId: 'req-7', path: ['me'], error: expect.stringContaining('Error: boom') })]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1); // not again on the next turn
  });

  it('still logs a masked error that no plugin saw, on the next turn', async () => {
    const { lines, logger } = collecting();
    createErrorFormatter(logger)({ message: 'boom' }, new Error('boom'));
    expect(lines).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([expect.objectContaining({ msg: 'internal error' })]);
  });
});
