/** Starting and stopping HTTP servers, on a fixed port or port 0 (tests). */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RunningServer = { url: string; port: number; server: Server; stop(): Promise<void> };

export async function listen(handler: RequestListener | undefined, host: string, port: number, path = '/graphql'): Promise<RunningServer> {
  const server = createServer(handler);
  // Clients keep connections alive; close idle ones promptly on stop so shutdown never hangs.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const hostInUrl = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${actual}${path}`,
    port: actual,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
