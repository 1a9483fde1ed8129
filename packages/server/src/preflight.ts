/** Startup preflight: ports, Redis and databases are checked in parallel within seconds, before migrating or seeding. */
import { createServer, connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ConfigError, envSuffix, type Config, type ContextName } from '@caregraph/config';
import { probeDatabase } from '@caregraph/db/probe';

/** Every problem a person must fix before the process can start, each naming the variable to change. */
export class StartupError extends Error {
  constructor(readonly problems: string[]) {
    super(`Caregraph cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StartupError';
  }
}

export type PreflightScope = {
  /** The contexts this process runs: their ports (unless `ports` is false) and configured databases are checked. */
  contexts: readonly ContextName[];
  /** Whether this process serves the gateway on GATEWAY_PORT. */
  gateway: boolean;
  /** False when every server listens on port 0 (tests), so no fixed port can be taken. */
  ports?: boolean;
};

const TIMEOUT_MS = 2_000;

/** Throws a StartupError listing every problem at once; resolves when the process can start. */
export async function preflight(config: Config, { contexts, gateway, ports = true }: PreflightScope): Promise<void> {
  const checks: Promise<string | undefined>[] = [];
  if (ports) {
    if (gateway) checks.push(portProblem('GATEWAY_PORT', config.host, config.gatewayPort));
    for (const context of contexts) checks.push(portProblem(`PORT_${envSuffix(context)}`, config.host, config.contexts[context].port));
  }
  if (config.redis) checks.push(redisProblem(config.redis.url));
  for (const context of contexts) {
    const url = config.contexts[context].databaseUrl;
    if (url) checks.push(probeDatabase(url, TIMEOUT_MS).then((problem) => problem && `DATABASE_URL_${envSuffix(context)}: ${problem}`));
  }
  const problems = (await Promise.all(checks)).filter((p): p is string => Boolean(p));
  if (problems.length > 0) throw new StartupError(problems);
}

/** What an entry point prints for a failed start: the list for a person, the stack only for the unexpected. */
export const describeStartupFailure = (error: unknown): string =>
  error instanceof StartupError || error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error);

function portProblem(variable: string, host: string, port: number): Promise<string | undefined> {
  if (port === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(`${variable} ${port} is in use (on ${host}): stop what holds it or set ${variable} to a free port`);
      else if (error.code === 'EACCES') resolve(`${variable} ${port} needs privileges to listen on: choose a port above 1023`);
      else if (error.code === 'EADDRNOTAVAIL') resolve(`HOST ${host} is not an address of this machine (for ${variable} ${port})`);
      else resolve(`${variable} ${port}: cannot listen on ${host} (${error.code ?? error.message})`);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** A URL fit to print: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** PING over RESP (AUTH first when the URL carries credentials), so no client library or retry loop is involved. */
function redisProblem(url: string): Promise<string | undefined> {
  const parsed = new URL(url);
  const where = `Redis at REDIS_URL ${redactUrl(url)}`;
  const command = (...parts: string[]) => `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;
  const password = decodeURIComponent(parsed.password);
  const user = decodeURIComponent(parsed.username);
  const script = (password ? command('AUTH', ...(user ? [user] : []), password) : '') + command('PING');
  return new Promise((resolve) => {
    const port = Number(parsed.port || 6379);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    const socket: Socket =
      parsed.protocol === 'rediss:' ? tlsConnect({ host, port, servername: host }) : tcpConnect({ host, port });
    let reply = '';
    const done = (problem?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => done(`${where} is unreachable (no answer within ${TIMEOUT_MS} ms)`), TIMEOUT_MS);
    socket.once(parsed.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(script));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      const error = reply.match(/^-(.*)\r\n/m);
      if (error) done(`${where} refused the connection: ${error[1]}`);
      else if (reply.includes('+PONG\r\n')) done();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(`${where} is unreachable (${error.code ?? error.message})`));
  });
}
