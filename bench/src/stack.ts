/**
 * The services-mode stack the gateway benchmark runs on: fresh databases on the test PostgreSQL and a fresh Redis key
 * prefix, `npm run db:migrate`, each subgraph as its own production process, `npm run compose` for the supergraph file,
 * and the gateways under test as processes of their own on that one file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envSuffix } from '@caregraph/config';
import { SUBGRAPHS } from '@caregraph/platform';
import { SERVER_NODE_OPTIONS } from '@caregraph/platform/node-options';
import { createRunState, freePort, REPO_ROOT, startProcess, waitUntilOk, type ServiceProcess } from '@caregraph/testkit';

export type Stack = {
  /** Environment every Caregraph process shares: databases, Redis, the JWT secret. */
  env: Record<string, string>;
  subgraphUrls: Record<string, string>;
  supergraphPath: string;
  /** The subgraph processes, for CPU accounting. */
  pids(): number[];
  /** Each subgraph's process by context name, to say which of them a workload costs most. */
  pidsByContext(): Record<string, number>;
  stop(): Promise<void>;
};

export type RunningGateway = { name: string; url: string; pids(): number[]; stop(): Promise<void> };

const HIVE_BIN = join(REPO_ROOT, 'node_modules/@graphql-hive/gateway/dist/bin.js');
const HIVE_CONFIG = join(REPO_ROOT, 'bench/hive-gateway.config.mjs');

/**
 * Every process runs with production's V8 options (`SERVER_NODE_OPTIONS`), Hive Gateway's too, so that neither gateway
 * is measured with a young generation the other lacks. `nodeArgsOf(context)` go to that subgraph's process after them
 * (`--cpu-prof` to see where a subgraph's time goes).
 */
const NODE_OPTIONS = [...SERVER_NODE_OPTIONS];

export async function startStack({ nodeArgsOf = () => [] }: { nodeArgsOf?: (context: string) => string[] } = {}): Promise<Stack> {
  const run = await createRunState(SUBGRAPHS.map((s) => s.name));
  const dir = mkdtempSync(join(tmpdir(), 'caregraph-bench-'));
  const processes: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await run.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const env: Record<string, string> = {
      ...run.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWT_SECRET: randomBytes(32).toString('base64'),
      // One bench run outlasts the default 15 minutes; the maximum allowed is an hour.
      JWT_ACCESS_TTL_SECONDS: '3600',
      // Seeding registers every patient from this one address.
      REGISTRATIONS_PER_ADDRESS: '100000',
      // The load comes from one address and the list workload from one account: the limits still count every request
      // (in Redis, as in production) but never refuse one.
      ...Object.fromEntries(
        ['READS', 'WRITES', 'SUBSCRIPTIONS'].flatMap((kind) => ['USER', 'ADDRESS'].map((who) => [`RATE_LIMIT_${kind}_PER_${who}`, '1000000000'])),
      ),
    };
    const migrate = startProcess('packages/db/src/cli/migrate.ts', env);
    if ((await migrate.exited) !== 0) throw new Error(`migrate failed:\n${migrate.output()}`);
    const subgraphUrls: Record<string, string> = {};
    const urlEnv: Record<string, string> = {};
    for (const { name } of SUBGRAPHS) {
      const port = await freePort();
      subgraphUrls[name] = `http://127.0.0.1:${port}/graphql`;
      urlEnv[`SUBGRAPH_URL_${envSuffix(name)}`] = subgraphUrls[name]!;
      processes.push(startProcess('packages/platform/src/subgraph-main.ts', { ...env, [`PORT_${envSuffix(name)}`]: String(port) }, [name], { nodeArgs: [...NODE_OPTIONS, ...nodeArgsOf(name)] }));
    }
    await Promise.all(Object.values(subgraphUrls).map((url) => waitUntilOk(url.replace('/graphql', '/ready'), 120_000)));
    const supergraphPath = join(dir, 'supergraph.graphql');
    const compose = startProcess('packages/platform/src/compose-supergraph.ts', { ...env, ...urlEnv, SUPERGRAPH_PATH: supergraphPath });
    if ((await compose.exited) !== 0) throw new Error(`compose failed:\n${compose.output()}`);
    if (!readFileSync(supergraphPath, 'utf8').includes('join__Graph')) throw new Error('compose wrote no supergraph');
    const pids = processes.map((p) => p.child.pid!);
    const byContext = Object.fromEntries(SUBGRAPHS.map(({ name }, i) => [name, pids[i]!]));
    return { env: { ...env, ...urlEnv }, subgraphUrls, supergraphPath, pids: () => pids, pidsByContext: () => byContext, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Caregraph's gateway (`gateway-main.ts`) on the composed file; `workers` > 1 runs that many processes on one port. */
export async function startCaregraphGateway(
  stack: Stack,
  { workers = 1, env = {}, nodeArgs = [] }: { workers?: number; env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<RunningGateway> {
  const port = await freePort();
  const process = startProcess(
    'packages/platform/src/gateway-main.ts',
    { ...stack.env, GATEWAY_PORT: String(port), SUPERGRAPH_PATH: stack.supergraphPath, GATEWAY_WORKERS: String(workers), ...env },
    [],
    { nodeArgs: [...NODE_OPTIONS, ...nodeArgs] },
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitUntilOk(url.replace('/graphql', '/ready?strict'), 120_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${process.output()}`);
  });
  return { name: workers > 1 ? `Caregraph ×${workers}` : 'Caregraph', url, pids: () => processTree(process.child.pid!), stop: async () => void (await process.stop()) };
}

/** Hive Gateway's own CLI on the same file, with `--fork` workers when asked and any more of its options (`--jit`). */
export async function startHiveGateway(stack: Stack, { workers = 1, args: more = [] }: { workers?: number; args?: string[] } = {}): Promise<RunningGateway> {
  const port = await freePort();
  const args = ['supergraph', stack.supergraphPath, '--port', String(port), '--host', '127.0.0.1', '--config-path', HIVE_CONFIG, ...more];
  if (workers > 1) args.push('--fork', String(workers));
  const process = startProcess(HIVE_BIN, { NODE_ENV: 'production' }, args, { tsx: false, nodeArgs: NODE_OPTIONS });
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitUntilOk(url.replace('/graphql', '/healthcheck'), 120_000).catch(async (error: Error) => {
    await process.stop();
    throw new Error(`${error.message}\n${process.output()}`);
  });
  return { name: `Hive${more.length ? ` ${more.join(' ')}` : ''}${workers > 1 ? ` ×${workers}` : ''}`, url, pids: () => processTree(process.child.pid!), stop: async () => void (await process.stop()) };
}

/** A process and its descendants (forked workers), from /proc. */
function processTree(root: number): number[] {
  const pids = [root];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    } catch {
      // gone
    }
  }
  return pids;
}

/** CPU time (user + system) of processes so far, in milliseconds, from /proc (clock ticks of 10 ms). */
export function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10;
}

/** Resident memory of a gateway, all its processes together, in MiB. */
export function rssMiB(gateway: RunningGateway): number {
  let kib = 0;
  for (const pid of gateway.pids()) {
    try {
      kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}
