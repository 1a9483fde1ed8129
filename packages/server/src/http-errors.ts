/** JSON answers for HTTP failures outside GraphQL (oversized or malformed bodies, unknown routes): never Express's HTML page with a stack. */
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { requestIdOf } from './access-log';
import type { HttpErrorStep } from './graphql-http';
import type { Logger } from './logger';

const body = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/** Written with Node's own response methods: this also answers `POST /graphql`, which never meets express. */
function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** Unknown routes: 404 in the GraphQL error shape clients already parse. */
export const notFoundHandler: RequestHandler = (req, res) =>
  void res.status(404).json(body(`Nothing is served at ${req.method} ${req.path}: GraphQL is at /graphql.`, 'NOT_FOUND'));

/** Body-parser and other middleware failures: a message written for the caller; the detail goes to the log only. */
export function jsonErrorHandler(logger: Logger): HttpErrorStep {
  return (thrown, _req, res, next) => {
    const error = thrown as { status?: number; statusCode?: number; type?: string; limit?: number } & Error;
    if (res.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    if (error.type === 'entity.too.large')
      return sendJson(res, 413, body(`The request body is larger than the ${error.limit ? `${Math.round(error.limit / 1024)} kB ` : ''}limit.`, 'PAYLOAD_TOO_LARGE'));
    if (error.type === 'entity.parse.failed') return sendJson(res, 400, body('The request body is not valid JSON.', 'BAD_REQUEST'));
    if (status >= 400 && status < 500) return sendJson(res, status, body('The request could not be read.', 'BAD_REQUEST'));
    logger.error('http error', { requestId: requestIdOf(res), error: error.stack ?? error.message });
    sendJson(res, 500, body('Internal server error', 'INTERNAL_SERVER_ERROR'));
  };
}
