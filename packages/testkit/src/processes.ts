/** Runs Caregraph entry points as real child processes, the way an operator starts them, for start-up and deployment tests. */
import { CONTEXT_NAMES, envSuffix } from '@caregraph/config';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type ServiceProcess = {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the match once the output matches, or rejects when the process exits or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
};

/**
 * Starts `script` (relative to the repository root, or to `cwd`: another copy of it) as `npm start` does (node with
 * tsx), with only the given environment plus PATH.
 */
export function startProcess(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
  {
    cwd = REPO_ROOT,
    nodeArgs = [],
    tsx = true,
  }: {
    cwd?: string;
    /** Node's own flags, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
    nodeArgs?: string[];
    /** false for a JavaScript entry point of another project (the benchmark's Hive Gateway). */
    tsx?: boolean;
  } = {},
): ServiceProcess {
  // CAREGRAPH_ENV_FILE: a developer's own `.env` in the repository never leaks into a test (a test may pass its own).
  const childEnv = { PATH: process.env.PATH ?? '', CAREGRAPH_ENV_FILE: '/dev/null', ...env };
  const child = spawn(process.execPath, [...nodeArgs, ...(tsx ? ['--import', 'tsx/esm'] : []), script, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) finish(() => resolve(match));
        };
        const finish = (settle: () => void) => {
          listeners.delete(check);
          clearTimeout(timer);
          settle();
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`))), timeoutMs);
        listeners.add(check);
        void exited.then((code) => finish(() => reject(new Error(`exited with ${code} before ${pattern}; output:\n${output}`))));
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timeout);
      return code;
    },
  };
}

/** A TCP port nothing listens on right now, and that no other socket of this machine will be given by chance. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = PORTS_FROM + Math.floor(Math.random() * PORTS_SPAN);
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
}

/**
 * Below Linux's ephemeral range (32768–60999): a port from that range is what the system gives any socket bound to
 * port 0 or connecting out, so one picked there could be taken by some other test's next connection before the
 * process it was picked for listens on it.
 */
const PORTS_FROM = 20_000;
const PORTS_SPAN = 12_000;
/** Ports this process handed out: never twice. */
const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * `GATEWAY_PORT` and every context's `PORT_<CONTEXT>` set to free ports: a whole platform started from a test never
 * takes the default ports, which another test file running alongside may be using.
 */
export async function freePlatformPorts(): Promise<Record<string, string>> {
  const entries = [['GATEWAY_PORT', String(await freePort())]];
  for (const name of CONTEXT_NAMES) entries.push([`PORT_${envSuffix(name)}`, String(await freePort())]);
  return Object.fromEntries(entries);
}

/** Polls `url` until it answers 2xx. */
export async function waitUntilOk(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
