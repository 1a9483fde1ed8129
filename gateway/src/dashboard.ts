/** Serves the built dashboard (apps/dashboard, docs/dashboard.md) at /dashboard: its files, and its page for every other path. */
import { join } from 'node:path';
import express from 'express';

/** The dashboard's own scripts and styles only; it talks to the API on this origin, over HTTP and WebSocket. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

export function dashboardRouter(dir: string): express.Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('content-security-policy', CONTENT_SECURITY_POLICY);
    next();
  });
  // Hashed file names: assets may be cached for long; the page itself never is.
  router.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  router.get('/{*path}', (_req, res) => res.set('cache-control', 'no-store').sendFile(join(dir, 'index.html')));
  return router;
}
