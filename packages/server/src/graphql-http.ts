/**
 * `POST /graphql` from Node's HTTP server straight to Apollo, at the gateway and at every subgraph
 * (docs/performance.md): express's application, its router and the body parser's content-type, charset and
 * stream machinery were a tenth of a process's busy time for every GraphQL request. Every other request (GET
 * `/graphql`, the IDE, `/health`, `/ready`, `/metrics`, CORS preflights, unknown routes) stays on express, which
 * mounts the same steps at `/graphql`, so both ways in behave alike.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import express from 'express';
import { jsonErrorHandler, notFoundHandler } from './http-errors';
import type { Logger } from './logger';

/** A request as the GraphQL steps see it: Node's, with the parsed JSON body once it has been read. */
export type HttpRequest = IncomingMessage & { body?: unknown };
/** One step of serving `/graphql`, in the connect style express also runs (so each step serves both ways in). */
export type HttpStep = (req: HttpRequest, res: ServerResponse, next: (error?: unknown) => void) => void;
export type HttpErrorStep = (error: unknown, req: HttpRequest, res: ServerResponse, next: (error?: unknown) => void) => void;
/** What a context function is given: the request (body parsed) and its response. */
export type GraphqlContextArgument = { req: HttpRequest; res: ServerResponse };

/**
 * The request listener of a server whose express `app` serves everything but `POST /graphql`: mounts `steps` at
 * `/graphql` and the JSON 404 and error answers on `app`, and runs `first` (the gateway's CORS, which express applies
 * to every route) and then `steps` for `POST /graphql` itself.
 */
export function graphqlServer(app: express.Express, steps: readonly HttpStep[], logger: Logger, first: readonly HttpStep[] = []): RequestListener {
  const answerError = jsonErrorHandler(logger);
  app.use('/graphql', ...steps);
  app.use(notFoundHandler);
  app.use(answerError);
  return graphqlFirst(app, [...first, ...steps], answerError);
}

const isGraphqlPost = (req: IncomingMessage): boolean => req.method === 'POST' && (req.url === '/graphql' || !!req.url?.startsWith('/graphql?'));

/** Node's request listener: `POST /graphql` runs `steps` (an error goes to `onError`), anything else goes to `app`. */
export function graphqlFirst(app: RequestListener, steps: readonly HttpStep[], onError: HttpErrorStep): RequestListener {
  return (req, res) => {
    if (!isGraphqlPost(req)) return void app(req, res);
    let index = 0;
    const next = (error?: unknown): void => {
      if (error !== undefined) return onError(error, req, res, () => res.destroy());
      const step = steps[index++];
      if (!step) return;
      try {
        step(req, res, next);
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  };
}

const JSON_UTF8 = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;

const bodyError = (status: number, type: string, message: string, extra: object = {}) => Object.assign(new Error(message), { status, type, ...extra });

/**
 * Reads a JSON body of at most `limit` bytes into `req.body`, as express's JSON parser does (its errors too:
 * `entity.too.large` 413, `entity.parse.failed` 400). The common request (`application/json` in UTF-8, its length
 * declared, not compressed) is read here; anything else (chunked, compressed, another charset or type) goes to that
 * parser, which knows every case.
 */
export function jsonBody(limit: number): HttpStep {
  const general = express.json({ limit }) as unknown as HttpStep;
  return (req, res, next) => {
    const { 'content-type': type, 'content-length': declared, 'content-encoding': encoding } = req.headers;
    if (!type || !JSON_UTF8.test(type) || declared === undefined || (encoding !== undefined && encoding !== 'identity')) return general(req, res, next);
    const length = Number(declared);
    if (length > limit) return next(bodyError(413, 'entity.too.large', 'request entity too large', { limit, length }));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The client went away mid-body: nothing will read the answer, but the step chain still ends.
    req.once('error', () => next(bodyError(400, 'request.aborted', 'request aborted')));
    req.once('end', () => {
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      // Strict, as express's parser: an empty body is `{}`, anything but an object or array is refused.
      const first = /\S/.exec(text)?.[0];
      if (first === undefined) req.body = {};
      else if (first !== '{' && first !== '[') return next(bodyError(400, 'entity.parse.failed', 'Unexpected token'));
      else {
        try {
          req.body = JSON.parse(text);
        } catch (error) {
          return next(bodyError(400, 'entity.parse.failed', (error as Error).message));
        }
      }
      next();
    });
  };
}

/** Hands the request to Apollo and writes its answer (what `@as-integrations/express5` did, without express). */
export function apolloHandler<Context extends BaseContext>(apollo: ApolloServer<Context>, context: (argument: GraphqlContextArgument) => Promise<Context>): HttpStep {
  apollo.assertStarted('apolloHandler()');
  return (req, res, next) => {
    const headers = new HeaderMap();
    for (const name in req.headers) {
      const value = req.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    apollo
      .executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: query < 0 ? '' : url.slice(query), body: req.body },
        context: () => context({ req, res }),
      })
      .then(async (answer) => {
        for (const [name, value] of answer.headers) res.setHeader(name, value);
        res.statusCode = answer.status ?? 200;
        if (answer.body.kind === 'complete') {
          res.setHeader('content-length', Buffer.byteLength(answer.body.string));
          res.end(answer.body.string);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}
