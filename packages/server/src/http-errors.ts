/** JSON answers for HTTP failures outside GraphQL (oversized or malformed bodies, unknown routes): never Express's HTML page with a stack. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { requestIdOf } from './access-log';
import type { Logger } from './logger';

const body = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/** Unknown routes: 404 in the GraphQL error shape clients already parse. */
export const notFoundHandler: RequestHandler = (req, res) =>
  void res.status(404).json(body(`Nothing is served at ${req.method} ${req.path}: GraphQL is at /graphql.`, 'NOT_FOUND'));

/** Body-parser and other middleware failures: a message written for the caller; the detail goes to the log only. */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: { status?: number; statusCode?: number; type?: string; limit?: number } & Error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    if (error.type === 'entity.too.large')
      return void res.status(413).json(body(`The request body is larger than the ${error.limit ? `${Math.round(error.limit / 1024)} kB ` : ''}limit.`, 'PAYLOAD_TOO_LARGE'));
    if (error.type === 'entity.parse.failed') return void res.status(400).json(body('The request body is not valid JSON.', 'BAD_REQUEST'));
    if (status >= 400 && status < 500) return void res.status(status).json(body('The request could not be read.', 'BAD_REQUEST'));
    logger.error('http error', { requestId: requestIdOf(res), error: error.stack ?? error.message });
    res.status(500).json(body('Internal server error', 'INTERNAL_SERVER_ERROR'));
  };
}
