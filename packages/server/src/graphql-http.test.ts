import { gzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { ApolloServer } from '@apollo/server';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apolloHandler, graphqlServer, jsonBody, type HttpStep } from './graphql-http';
import { listen, type RunningServer } from './http';
import { createLogger } from './logger';

// A real HTTP server with a real Apollo Server: the steps as the gateway and the subgraphs put them together.
describe('POST /graphql beside express (graphql-http.ts)', () => {
  let server: RunningServer;
  let apollo: ApolloServer<{ via: string }>;
  const seenByExpress: string[] = [];

  beforeAll(async () => {
    apollo = new ApolloServer<{ via: string }>({
      typeDefs: 'type Query { echo(text: String!): String!, via: String! }',
      resolvers: { Query: { echo: (_: unknown, { text }: { text: string }) => text, via: (_: unknown, __: unknown, ctx: { via: string }) => ctx.via } },
    });
    await apollo.start();
    const app = express();
    app.use((req, _res, next) => (seenByExpress.push(`${req.method} ${req.url}`), next()));
    const graphql: HttpStep[] = [jsonBody(1024), apolloHandler(apollo, async ({ req }) => ({ via: 'originalUrl' in req ? 'express' : 'node' }))];
    server = await listen(graphqlServer(app, graphql, createLogger('silent'), [(_req, res, next) => (res.setHeader('x-first-step', 'ran'), next())]), '127.0.0.1', 0);
  });
  afterAll(async () => {
    await server.stop();
    await apollo.stop();
  });

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers a JSON POST without express, every step in order', async () => {
    seenByExpress.length = 0;
    const response = await post(JSON.stringify({ query: '{ echo(text: "héllo ✓") via }' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-first-step')).toBe('ran');
    expect(await response.json()).toEqual({ data: { echo: 'héllo ✓', via: 'node' } });
    expect(seenByExpress).toEqual([]);
  });

  it('leaves every other request to express, which runs the same steps at /graphql', async () => {
    seenByExpress.length = 0;
    const query = encodeURIComponent('{ echo(text: "get") }');
    const response = await fetch(`${server.url}?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await response.json()).toEqual({ data: { echo: 'get' } });
    expect(seenByExpress).toEqual([`GET /graphql?query=${query}`]);
    const unknown = await fetch(new URL('/elsewhere', server.url), { method: 'POST' });
    expect(unknown.status).toBe(404);
  });

  it('refuses what express refused, with the same codes: too large, not JSON, not an object', async () => {
    const tooLarge = await post(JSON.stringify({ query: `{ echo(text: "${'x'.repeat(2000)}") }` }));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    for (const body of ['{"query": ', '"a string"', '42']) {
      const refused = await post(body);
      expect(refused.status, body).toBe(400);
      expect(await refused.json()).toMatchObject({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    }
    // An empty body is `{}`, as express's parser has it: Apollo then says what is missing.
    const empty = await post('');
    expect(empty.status).toBe(400);
  });

  it('hands the unusual bodies to express’s parser: compressed, chunked, another charset', async () => {
    const body = JSON.stringify({ query: '{ echo(text: "zipped") }' });
    const zipped = await post(gzipSync(body), { 'content-encoding': 'gzip' });
    expect(await zipped.json()).toEqual({ data: { echo: 'zipped' } });
    const utf16 = await post(Buffer.from(JSON.stringify({ query: '{ echo(text: "café") }' }), 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' });
    expect(await utf16.json()).toEqual({ data: { echo: 'café' } });
    // JSON is Unicode: another charset is refused, as before.
    const latin1 = await post(Buffer.from(JSON.stringify({ query: '{ echo(text: "café") }' }), 'latin1'), { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(latin1.status).toBe(415);
    // No content-length: the body arrives in chunks, and the limit is counted as it comes.
    const chunked = (text: string) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const req = httpRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let data = '';
          res.on('data', (chunk: Buffer) => (data += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(data) }));
        });
        req.on('error', reject);
        for (const part of text.match(/.{1,100}/gs)!) req.write(part);
        req.end();
      });
    expect(await chunked(body)).toEqual({ status: 200, body: { data: { echo: 'zipped' } } });
    expect(await chunked(JSON.stringify({ query: `{ echo(text: "${'x'.repeat(2000)}") }` }))).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] } });
  });

  it('keeps Apollo’s CSRF prevention: a POST that is not JSON is refused', async () => {
    const response = await post('query=%7B%20via%20%7D', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(400);
  });
});
