/**
 * The GraphQL IDE: GraphiQL, served by the gateway at `GET /graphql` when a browser asks for HTML, outside production
 * only. Every asset comes from this process (React, GraphiQL and graphql-ws from the installed packages, the sign-in
 * helper from ./assets), so the page works with no outside network at all (docs/ide.md).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

export type IdeOptions = {
  /** Demo accounts offered by the sign-in helper (embedded development only); none: an email and password form. */
  demoAccounts?: { email: string; role: string; displayName: string }[];
  demoPassword?: string;
};

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const here = dirname(fileURLToPath(import.meta.url));

/** The files the page loads, by the name it asks for them under `/ide/`. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: join(packageDir('react'), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
  'graphql-ws.js': { file: join(packageDir('graphql-ws'), 'umd/graphql-ws.min.js'), type: 'text/javascript' },
  'ide.js': { file: join(here, 'assets/ide.js'), type: 'text/javascript' },
  'ide.css': { file: join(here, 'assets/ide.css'), type: 'text/css' },
};

/** Scripts and styles from this origin only; GraphiQL sets inline styles; the API over HTTP and WebSocket on this origin. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Caregraph GraphQL IDE</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/ide/graphiql.css" />
    <link rel="stylesheet" href="/ide/ide.css" />
  </head>
  <body>
    <header id="session" aria-label="Session"></header>
    <main id="graphiql" aria-label="GraphiQL">Loading the IDE…</main>
    <script src="/ide/react.js"></script>
    <script src="/ide/react-dom.js"></script>
    <script src="/ide/graphql-ws.js"></script>
    <script src="/ide/graphiql.js"></script>
    <script src="/ide/ide.js"></script>
  </body>
</html>
`;

/** Routes for the IDE: the page for browsers at `/graphql`, its assets under `/ide/`, and its sign-in options. */
export function ideRouter(options: IdeOptions): express.Router {
  const router = express.Router();
  // Read once: the files do not change while the process runs.
  const contents = new Map(Object.entries(ASSETS).map(([name, asset]) => [name, readFileSync(asset.file)]));
  router.get('/graphql', (req, res, next) => {
    // GraphQL over GET (a query string, or a client asking for JSON) goes on to the API; a browser gets the page.
    if (req.query.query !== undefined || req.accepts(['text/html', 'application/json', 'application/graphql-response+json']) !== 'text/html') return next();
    res.set({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-store' }).send(PAGE);
  });
  router.get('/ide/config.json', (_req, res) => {
    res.json({ demoAccounts: options.demoAccounts ?? [], demoPassword: options.demoAccounts?.length ? options.demoPassword : undefined });
  });
  router.get('/ide/:name', (req, res, next) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return next();
    res.set({ 'content-type': asset.type, 'cache-control': 'public, max-age=3600' }).send(contents.get(req.params.name));
  });
  return router;
}
