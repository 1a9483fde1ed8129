/**
 * `npm run bench:subgraphs`: what one subgraph request costs, called directly (docs/performance.md). The gateway
 * benchmark shows the subgraphs spending several times the gateway's CPU per request; this one loads the subgraphs
 * of the W1 list workload without any gateway, with the selections Caregraph's gateway sends them, and prints requests
 * a second and the CPU per request of the subgraph called, of the other subgraphs (the audit trail taking in the
 * request's PHI-read report) and of PostgreSQL. Prints numbers and asserts nothing.
 *
 * Options: `--patients=N` (60), `--seconds=N` per run (8), `--connections=1,50` (one run per count), `--only=S1,S3`,
 * `--subgraph-node-args=A,B`, `--profile=DIR` (a V8 CPU profile of every subgraph process into DIR).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { load } from './load';
import { seed, type Seeded } from './seed';
import { cpuMs, startCaregraphGateway, startStack, type Stack } from './stack';
import type { Workload } from './workloads';

const option = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const PATIENTS = Number(option('patients', '60'));
const SECONDS = Number(option('seconds', '8'));
const CONNECTIONS = option('connections', '1,50').split(',').map(Number);
const ONLY = option('only', 'S1,S2,S3').split(',');
const SUBGRAPH_NODE_ARGS = option('subgraph-node-args', '').split(',').filter(Boolean);
const PROFILE = option('profile', '');
const WARMUP_SECONDS = 3;
const log = (line: string) => process.stdout.write(`${line}\n`);

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));
/** `count` distinct patients, as one W1 page hands the care-team subgraph. */
const somePatients = (seeded: Seeded, count: number) => [...seeded.patients].sort(() => Math.random() - 0.5).slice(0, count);

type DirectWorkload = Workload & { context: string };

function directWorkloads(seeded: Seeded): DirectWorkload[] {
  const everyone = [...seeded.patients, ...seeded.doctors];
  return [
    {
      id: 'S1',
      context: 'care-team',
      title: "W1's care-team call: care teams of 10–20 patients with practitioners and organizations (_entities)",
      query: `query AdminPatientList__care_team__1($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Patient { careTeam { role practitioner { givenName familyName organization { name type } } } } }
}`,
      next: () => ({ token: pick(seeded.adminTokens), variables: { representations: somePatients(seeded, between(10, 20)).map((p) => ({ __typename: 'Patient', id: p.id })) } }),
    },
    {
      id: 'S2',
      context: 'patients',
      title: "W1's patients call: a page of 10–20 patients with the total",
      query: `query AdminPatientList__patients__0($first: Int!, $after: String) {
  patients(first: $first, after: $after) { totalCount nodes { __typename id mrn givenName familyName birthDate } }
}`,
      next: () => ({ token: pick(seeded.adminTokens), variables: { first: between(10, 20), after: pick(seeded.patientCursors) } }),
    },
    {
      id: 'S3',
      context: 'identity',
      title: 'W4: me { email } of a random account',
      query: 'query Me__identity__0 { me { email } }',
      next: () => ({ token: pick(pick(everyone).tokens), variables: {} }),
    },
  ];
}

/** A process's resident memory now (VmRSS) or at its peak so far (VmHWM), in MiB. */
const memoryMiB = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

/** PostgreSQL's processes (the postmaster and every backend), from /proc. */
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function measure(stack: Stack, workload: DirectWorkload, connections: number) {
  const url = stack.subgraphUrls[workload.context]!;
  const own = stack.pidsByContext()[workload.context]!;
  const others = stack.pids().filter((pid) => pid !== own);
  const rssBefore = memoryMiB(own, 'VmRSS');
  await load(url, workload, { seconds: WARMUP_SECONDS, connections });
  // Backends come and go with the pools: read them after the warm-up, and again at the end for any that appeared.
  const before = { own: cpuMs([own]), others: cpuMs(others), postgres: new Map(postgresPids().map((pid) => [pid, cpuMs([pid])])) };
  const result = await load(url, workload, { seconds: SECONDS, connections });
  const postgres = postgresPids().reduce((sum, pid) => sum + cpuMs([pid]) - (before.postgres.get(pid) ?? 0), 0);
  const per = (ms: number) => (ms / result.requests).toFixed(2);
  log(
    `  ${String(connections).padStart(3)} connections ${result.rps.toFixed(0).padStart(6)} req/s   p99 ${result.p99.toFixed(1).padStart(6)} ms   CPU per request: ${workload.context} ${per(cpuMs([own]) - before.own)} ms, other subgraphs ${per(cpuMs(others) - before.others)} ms, PostgreSQL ${per(postgres)} ms   RSS ${rssBefore} → ${memoryMiB(own, 'VmRSS')} MiB (peak ${memoryMiB(own, 'VmHWM')})   failures ${result.failures}`,
  );
}

const stack = await startStack({
  nodeArgsOf: () => [...SUBGRAPH_NODE_ARGS, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [])],
});
try {
  const gateway = await startCaregraphGateway(stack);
  let seeded: Seeded;
  try {
    seeded = await seed(stack, gateway.url, PATIENTS);
  } finally {
    await gateway.stop();
  }
  log(`# Subgraphs called directly: ${PATIENTS} patients seeded; services mode on PostgreSQL + Redis; ${SECONDS} s per run after ${WARMUP_SECONDS} s warm-up`);
  for (const workload of directWorkloads(seeded).filter((w) => ONLY.includes(w.id))) {
    log(`\n${workload.id}: ${workload.title}`);
    for (const connections of CONNECTIONS) await measure(stack, workload, connections);
  }
} finally {
  await stack.stop();
}
