/**
 * `npm run bench:gateway`: Caregraph's gateway against Hive Gateway on the same subgraphs (docs/performance.md).
 * Prints numbers and asserts nothing. Needs the test PostgreSQL and Redis; its databases and keys are removed after.
 *
 * Options: `--patients=N` (300), `--seconds=N` per round (10), `--rounds=N` (3), `--connections=N` (50),
 * `--workers=N` for the all-cores section (2; 1 skips it), `--only=W1,W4`, `--profile=DIR` (a V8 CPU profile of
 * Caregraph's gateway process into DIR and of each subgraph process into DIR/subgraphs, to read with
 * `bench/src/profile-summary.ts`), `--profile-only=care-team,gateway` (just those processes), `--subgraph-node-args=A,B`
 * (Node/V8 flags for every subgraph process, after production's own, to try one on them), `--warmup=N` (10: seconds of
 * each workload through each gateway before its rounds), `--hive-args=A,B` (more of Hive Gateway's own CLI options,
 * e.g. `--jit`).
 */
import { availableParallelism } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { post } from './graphql';
import { load, type LoadResult } from './load';
import { seed } from './seed';
import { cpuMs, rssMiB, startCaregraphGateway, startHiveGateway, startStack, type RunningGateway, type Stack } from './stack';
import { workloads, type Workload } from './workloads';

const option = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const PATIENTS = Number(option('patients', '300'));
const SECONDS = Number(option('seconds', '10'));
const ROUNDS = Number(option('rounds', '3'));
const CONNECTIONS = Number(option('connections', '50'));
const WORKERS = Number(option('workers', String(Math.min(2, availableParallelism()))));
const ONLY = option('only', 'W1,W2,W3,W4').split(',');
const PROFILE = option('profile', '');
/** With --profile, only these processes (contexts, `gateway`): a profiler in all twelve slows the machine itself. */
const PROFILE_ONLY = option('profile-only', '').split(',').filter(Boolean);
const SUBGRAPH_NODE_ARGS = option('subgraph-node-args', '').split(',').filter(Boolean);
const HIVE_ARGS = option('hive-args', '').split(',').filter(Boolean);
const profiled = (name: string) => !!PROFILE && (!PROFILE_ONLY.length || PROFILE_ONLY.includes(name));
const WARMUP_SECONDS = 3;
/** Before a workload's rounds, through each gateway in turn: the subgraphs warm up on it (see `compare`). */
const WORKLOAD_WARMUP_SECONDS = Number(option('warmup', '10'));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fixed = (value: number, digits = 0) => value.toFixed(digits);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Both gateways answer the same requests with the same data and no errors. */
async function sameAnswers(workload: Workload, a: RunningGateway, b: RunningGateway, samples = 10) {
  for (let i = 0; i < samples; i++) {
    const { token, variables } = workload.next();
    const [x, y] = await Promise.all([post(a.url, workload.query, variables, token), post(b.url, workload.query, variables, token)]);
    if (x.errors || y.errors || !x.data || !isDeepStrictEqual(x.data, y.data))
      throw new Error(`${workload.id}: the gateways disagree\n${a.name}: ${JSON.stringify(x).slice(0, 600)}\n${b.name}: ${JSON.stringify(y).slice(0, 600)}`);
  }
}

type Run = LoadResult & { gatewayCpu: number; subgraphCpu: number; contextCpu: Record<string, number>; contextCalls: Record<string, number>; waiting: Record<string, number> };

/** GraphQL requests each subgraph has answered so far, from its `/metrics` (the request histogram's counts). */
async function subgraphCalls(stack: Stack): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(stack.subgraphUrls).map(async ([name, url]) => {
      const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
      const count = text
        .split('\n')
        .filter((line) => line.startsWith('caregraph_graphql_request_duration_seconds_count'))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
      return [name, count] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Outbox rows each subgraph has not yet published, from its `/ready`. Work a round leaves behind (the PHI-read
 * reports on their way to the audit trail) is paid for in the next round, whoever's it is: the CPU per request is
 * the whole of a request's cost only when these stay near zero.
 */
async function outboxWaiting(stack: Stack): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(stack.subgraphUrls).map(async ([name, url]) => {
      const ready = (await (await fetch(url.replace(/\/graphql$/, '/ready'))).json()) as { outbox?: { pending?: number } };
      return [name, ready.outbox?.pending ?? 0] as const;
    }),
  );
  return Object.fromEntries(entries);
}
type Row = { gateway: RunningGateway; runs: Run[]; rss: number[] };

/** One measured run, with the CPU the gateway and the subgraphs spent per request during it. */
async function measure(stack: Stack, gateway: RunningGateway, workload: Workload): Promise<Run> {
  const contexts = Object.entries(stack.pidsByContext());
  const perContext = () => contexts.map(([, pid]) => cpuMs([pid]));
  const calls0 = await subgraphCalls(stack);
  const [gateway0, subgraphs0, contexts0] = [cpuMs(gateway.pids()), cpuMs(stack.pids()), perContext()];
  const result = await load(gateway.url, workload, { seconds: SECONDS, connections: CONNECTIONS });
  const [gateway1, subgraphs1, contexts1] = [cpuMs(gateway.pids()), cpuMs(stack.pids()), perContext()];
  const [calls1, waiting] = await Promise.all([subgraphCalls(stack), outboxWaiting(stack)]);
  const contextCpu = Object.fromEntries(contexts.map(([name], i) => [name, (contexts1[i]! - contexts0[i]!) / result.requests]));
  const contextCalls = Object.fromEntries(Object.keys(calls1).map((name) => [name, (calls1[name]! - (calls0[name] ?? 0)) / result.requests]));
  return { ...result, gatewayCpu: (gateway1 - gateway0) / result.requests, subgraphCpu: (subgraphs1 - subgraphs0) / result.requests, contextCpu, contextCalls, waiting };
}

/** Alternates the gateways over ROUNDS rounds per workload (who goes first alternates too); returns Caregraph/Hive per workload. */
async function compare(stack: Stack, title: string, pair: [RunningGateway, RunningGateway], list: Workload[]) {
  log(`\n## ${title}: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per gateway and workload (after ${WORKLOAD_WARMUP_SECONDS} s of each workload through each gateway, and ${WARMUP_SECONDS} s before each round)`);
  const ratios: Record<string, number> = {};
  for (const workload of list) {
    await sameAnswers(workload, pair[0], pair[1]);
    // The subgraphs' first seconds of a workload cost them far more (their code is not yet optimised by the JIT): in
    // a run of four rounds the first gateway's first round cost the subgraphs 9.8 ms a request and its later ones
    // 5.8–6.6. Without this, whoever goes first would pay for warming the subgraphs up for both.
    for (const gateway of pair) await load(gateway.url, workload, { seconds: WORKLOAD_WARMUP_SECONDS, connections: CONNECTIONS });
    const rows: Row[] = pair.map((gateway) => ({ gateway, runs: [], rss: [] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const row of round % 2 === 0 ? rows : [...rows].reverse()) {
        await load(row.gateway.url, workload, { seconds: WARMUP_SECONDS, connections: CONNECTIONS });
        row.runs.push(await measure(stack, row.gateway, workload));
        row.rss.push(rssMiB(row.gateway));
      }
    }
    log(`\n${workload.id}: ${workload.title}`);
    for (const { gateway, runs, rss } of rows) {
      const perRound = runs.map((r) => fixed(r.rps)).join(' / ');
      log(
        `  ${gateway.name.padEnd(12)} ${fixed(median(runs.map((r) => r.rps))).padStart(6)} req/s (rounds ${perRound})   p50 ${fixed(median(runs.map((r) => r.p50)), 1).padStart(6)} ms   p99 ${fixed(median(runs.map((r) => r.p99)), 1).padStart(6)} ms   RSS ${fixed(Math.max(...rss)).padStart(4)} MiB   CPU per request: gateway ${fixed(median(runs.map((r) => r.gatewayCpu)), 2)} ms, subgraphs ${fixed(median(runs.map((r) => r.subgraphCpu)), 2)} ms (rounds ${runs.map((r) => fixed(r.subgraphCpu, 2)).join(' / ')})   failures ${runs.reduce((n, r) => n + r.failures, 0)}`,
      );
      // Which contexts the subgraph CPU went to (medians over the rounds; those under 0.05 ms left out).
      const byContext = Object.keys(runs[0]!.contextCpu)
        .map((name) => [name, median(runs.map((r) => r.contextCpu[name]!))] as const)
        .filter(([, ms]) => ms >= 0.05)
        .sort((a, b) => b[1] - a[1]);
      log(`               subgraph CPU per request by context: ${byContext.map(([name, ms]) => `${name} ${fixed(ms, 2)}`).join(', ')} ms`);
      // How many calls each subgraph answered per request: a plan that asks one subgraph twice shows here.
      const calls = Object.keys(runs[0]!.contextCalls)
        .map((name) => [name, median(runs.map((r) => r.contextCalls[name]!))] as const)
        .filter(([, n]) => n >= 0.01)
        .sort((a, b) => b[1] - a[1]);
      log(`               subgraph calls per request: ${calls.map(([name, n]) => `${name} ${fixed(n, 2)}`).join(', ')}`);
      const waiting = Object.keys(runs[0]!.waiting)
        .map((name) => [name, Math.max(...runs.map((r) => r.waiting[name]!))] as const)
        .filter(([, n]) => n > 0);
      log(`               outbox rows unpublished at the end of a round (most): ${waiting.length ? waiting.map(([name, n]) => `${name} ${n}`).join(', ') : 'none'}`);
    }
    ratios[workload.id] = median(rows[0]!.runs.map((r) => r.rps)) / median(rows[1]!.runs.map((r) => r.rps));
    const cpu = median(rows[1]!.runs.map((r) => r.gatewayCpu)) / median(rows[0]!.runs.map((r) => r.gatewayCpu));
    log(`  ratio ${pair[0].name}/${pair[1].name}: ${fixed(ratios[workload.id]!, 2)} in requests a second; ${pair[1].name} spends ${fixed(cpu, 2)}× the gateway CPU per request`);
    // Where every process shares the same cores, requests a second follow the CPU a request costs in all of them: the
    // subgraphs' share, the same behind both gateways, caps the ratio however cheap the gateway gets.
    const [ours, theirs] = rows.map(({ runs }) => ({ gateway: median(runs.map((r) => r.gatewayCpu)), subgraphs: median(runs.map((r) => r.subgraphCpu)) }));
    const total = (cost: { gateway: number; subgraphs: number }) => cost.gateway + cost.subgraphs;
    log(
      `  shared cores: ${fixed(total(theirs!) / total(ours!), 2)} expected from the CPU per request (gateway + subgraphs, without the load generator); at most ${fixed(total(theirs!) / ours!.subgraphs, 2)} if ${pair[0].name}'s gateway cost nothing`,
    );
  }
  return Object.entries(ratios).map(([id, ratio]) => `${id} ${fixed(ratio, 2)}`).join(' ');
}

// With --profile, the subgraphs profiled write their profiles too (subgraphs/ under DIR), when the stack stops.
const stack = await startStack({
  nodeArgsOf: (context) => [...SUBGRAPH_NODE_ARGS, ...(profiled(context) ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}/subgraphs`] : [])],
});
const started: RunningGateway[] = [];
try {
  const caregraph = await startCaregraphGateway(stack, profiled('gateway') ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] } : {});
  started.push(caregraph);
  const t0 = performance.now();
  const seeded = await seed(stack, caregraph.url, PATIENTS);
  log(
    `# Gateway benchmark: ${PATIENTS} patients, ${seeded.doctors.length} doctors, ${PATIENTS * 3} appointments and invoices, ${PATIENTS * 2} prescriptions, seeded through the API in ${fixed((performance.now() - t0) / 1000, 1)} s; services mode on PostgreSQL + Redis, ${availableParallelism()} cores`,
  );
  const list = workloads(seeded).filter((w) => ONLY.includes(w.id));

  // The subgraphs must not be what is measured: one called directly serves the cheapest read several times faster.
  const me = list.find((w) => w.id === 'W4') ?? workloads(seeded)[3]!;
  // Each warmed up first: right after seeding, the subgraphs are still taking in the seeding's events.
  const warmThenLoad = async (url: string) => (await load(url, me, { seconds: WARMUP_SECONDS, connections: CONNECTIONS }), load(url, me, { seconds: 5, connections: CONNECTIONS }));
  const directly = await warmThenLoad(stack.subgraphUrls.identity!);
  const throughGateway = await warmThenLoad(caregraph.url);
  log(
    `subgraph check: identity called directly ${fixed(directly.rps)} req/s for me { email }, through Caregraph's gateway ${fixed(throughGateway.rps)} req/s (${fixed(directly.rps / throughGateway.rps, 1)}×)`,
  );

  const hive = await startHiveGateway(stack, { args: HIVE_ARGS });
  started.push(hive);
  const single = await compare(stack, 'One process each', [caregraph, hive], list);
  let allCores: string | undefined;
  if (WORKERS > 1) {
    await Promise.all(started.splice(0).map((g) => g.stop()));
    const pair: [RunningGateway, RunningGateway] = [await startCaregraphGateway(stack, { workers: WORKERS }), await startHiveGateway(stack, { workers: WORKERS, args: HIVE_ARGS })];
    started.push(...pair);
    allCores = await compare(stack, `All cores: ${WORKERS} worker processes each`, pair, list);
  }
  log('');
  if (allCores) log(`all-cores ratio ${allCores}`);
  log(`ratio ${single}`);
} finally {
  await Promise.all(started.map((g) => g.stop()));
  await stack.stop();
}
