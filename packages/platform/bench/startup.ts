/** Startup figures for `npm run bench`: cold and warm start and idle RSS of real `npm start` processes, and a ten-context projection. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess, type ServiceProcess } from '@caregraph/testkit';
import { SUBGRAPHS } from '../src/subgraphs';

const RUNS = 3;
const IDLE_MS = 5_000;

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
/** CPU seconds (user + system, all threads) the process has used: less sensitive than wall time to a busy machine. */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns `script` as `npm start` does (node + tsx, the environment given) and resolves when its gateway answers a query. */
async function startUntilAnswered(script: string, env: Record<string, string>, url: string) {
  const started = performance.now();
  const child = startProcess(script, env);
  for (;;) {
    if (child.child.exitCode !== null) throw new Error(`${script} exited with ${child.child.exitCode}: ${child.output()}`);
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}', signal: AbortSignal.timeout(1000) });
      if (response.ok && ((await response.json()) as { data?: unknown }).data) break;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  return { child, seconds: (performance.now() - started) / 1000, cpu: cpuSeconds(child.child.pid!) };
}

async function stop(process: ServiceProcess) {
  if ((await process.stop()) !== 0) throw new Error(`exited with an error:\n${process.output()}`);
}

async function platformEnv(dataDir: string) {
  const env: Record<string, string> = { CAREGRAPH_DATA_DIR: dataDir, LOG_LEVEL: 'error', GATEWAY_PORT: String(await freePort()) };
  for (const { name } of SUBGRAPHS) env[`PORT_${name.toUpperCase().replace(/-/g, '_')}`] = String(await freePort());
  return env;
}

/**
 * Cold start (fresh data folder), warm start (same folder again) and idle RSS after each, RUNS times; medians printed, with
 * the CPU time used, which on a quiet machine is close to the wall time (start-up is mostly one thread).
 */
export async function measureStartup(): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  const coldCpu: number[] = [];
  const warmCpu: number[] = [];
  const coldRss: number[] = [];
  const warmRss: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'caregraph-bench-start-'));
    try {
      const env = await platformEnv(dataDir);
      const url = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
      for (const [times, cpus, rss] of [[cold, coldCpu, coldRss], [warm, warmCpu, warmRss]] as const) {
        const { child, seconds, cpu } = await startUntilAnswered('packages/platform/src/main.ts', env, url);
        times.push(seconds);
        cpus.push(cpu);
        await sleep(IDLE_MS);
        rss.push(rssMiB(child.child.pid!));
        await stop(child);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const list = (values: number[], digits: number) => values.map((v) => v.toFixed(digits)).join(', ');
  console.log(`npm start, embedded, ${SUBGRAPHS.length} contexts (${RUNS} runs each; medians, all runs in brackets):`);
  console.log(`  cold start  (fresh data folder -> first answered query)  ${median(cold).toFixed(1)} s  [${list(cold, 1)}]; CPU used ${median(coldCpu).toFixed(1)} s [${list(coldCpu, 1)}]`);
  console.log(`  warm start  (restart on that folder -> first answer)     ${median(warm).toFixed(1)} s  [${list(warm, 1)}]; CPU used ${median(warmCpu).toFixed(1)} s [${list(warmCpu, 1)}]`);
  console.log(`  idle RSS    ${IDLE_MS / 1000} s after the first answer            cold ${median(coldRss).toFixed(0)} MiB [${list(coldRss, 0)}], warm ${median(warmRss).toFixed(0)} MiB [${list(warmRss, 0)}]`);

  const projected: { seconds: number; cpu: number; rss: number; added: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'caregraph-bench-ten-'));
    try {
      const env = await platformEnv(dataDir);
      const url = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
      // Timed to its READY line: the gateway answers before the throw-away contexts' servers are up.
      const started = performance.now();
      const child = startProcess('packages/platform/bench/ten-contexts.ts', env, ['10']);
      const [, added] = await child.waitFor(/READY added (\d+)/, 120_000);
      const seconds = (performance.now() - started) / 1000;
      const cpu = cpuSeconds(child.child.pid!);
      const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (!answer.ok) throw new Error(`gateway answered ${answer.status}`);
      await sleep(IDLE_MS);
      projected.push({ seconds, cpu, rss: rssMiB(child.child.pid!), added: Number(added) });
      await stop(child);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const added = projected[0]!.added;
  console.log(`PROJECTION for 10 contexts: the ${SUBGRAPHS.length} real ones plus ${added} throw-away contexts opened the same way`);
  console.log(`  (each: its own schema + role, copies of a real context's migrations, its own Prisma client and query, its own subgraph HTTP server;`);
  console.log(`   not included: the gateway composing ${added} more subgraphs, and their demo seeding)`);
  console.log(`  cold start -> all ready     ${median(projected.map((p) => p.seconds)).toFixed(1)} s  [${list(projected.map((p) => p.seconds), 1)}]; CPU used ${median(projected.map((p) => p.cpu)).toFixed(1)} s`);
  console.log(`  idle RSS                    ${median(projected.map((p) => p.rss)).toFixed(0)} MiB  [${list(projected.map((p) => p.rss), 0)}]\n`);
}
