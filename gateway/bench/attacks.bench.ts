/** Measures the security review's attacks against a running embedded platform: rejection times, and /health while 20 run at once. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPlatform } from '@caregraph/testkit';
import { careTeamCycle, fragmentBomb, organizationAliases, plannerBomb, rootAliases } from '../test/attacks';

const t = await startTestPlatform('embedded');
const patient = await t.login('patient@demo.test');
const attacks: [string, string, string | undefined][] = [
  ['baseline: { __typename } (accepted)', '{ __typename }', undefined],
  ['1 fragment spreads (8 levels × 10)', fragmentBomb(), undefined],
  ['2 1,000 aliases of organizations(first: 100)', organizationAliases(1000), patient],
  ['3 60 aliases × 3 fragment levels', plannerBomb(), patient],
  ['4 26-level care-team cycle (gateway)', careTeamCycle(26), patient],
  ['4 26-level care-team cycle (care-team subgraph)', careTeamCycle(26), patient],
  ['5 1,000 aliases of __schema', rootAliases(1000, '__schema { __typename }'), undefined],
  ['5 1,000 aliases of me', rootAliases(1000, 'me { id }'), patient],
];
const percentile = (values: number[], p: number) => values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const timed = async <T>(run: () => Promise<T>) => {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
};

console.log('rejection times over 20 runs each (ms): p50 / p95 / max, status');
for (const [name, query, token] of attacks) {
  const url = name.includes('subgraph') ? t.platform.subgraphs['care-team']!.url : t.url;
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < 20; i++) {
    const { value, ms } = await timed(() => t.request(query, { token, url }));
    times.push(ms);
    status = value.status;
  }
  console.log(`  ${name.padEnd(50)} ${percentile(times, 0.5).toFixed(1)} / ${percentile(times, 0.95).toFixed(1)} / ${Math.max(...times).toFixed(1)}  HTTP ${status}`);
}

const base = t.url.replace('/graphql', '');
const idle: number[] = [];
for (let round = 0; round < 10; round++) idle.push((await timed(() => fetch(`${base}/health`).then((r) => r.text()))).ms);
console.log(`/health idle (10 rounds, ms): p50 ${percentile(idle, 0.5).toFixed(1)}, max ${Math.max(...idle).toFixed(1)}`);
// The attacker runs in its own process, as a real one would: only the server's work shares this event loop.
const bodies = Array.from({ length: 20 }, (_, i) => JSON.stringify({ query: attacks[1 + (i % (attacks.length - 1))]![1] }));
const attackFile = join(mkdtempSync(join(tmpdir(), 'caregraph-attacks-')), 'attacks.json');
writeFileSync(attackFile, JSON.stringify([t.url, patient, bodies]));
const attacker = spawn(
  process.execPath,
  [
    '-e',
    `const [url, token, bodies] = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
     const round = () => Promise.all(bodies.map((body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body }).then((r) => r.text())));
     (async () => { for (;;) await round(); })();`,
    attackFile,
  ],
  { stdio: 'ignore' },
);
await new Promise((resolve) => setTimeout(resolve, 1000)); // let the attack reach full speed
const health: number[] = [];
for (let round = 0; round < 50; round++) {
  health.push((await timed(() => fetch(`${base}/health`).then((r) => r.text()))).ms);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
attacker.kill();
console.log(`/health while a separate process keeps 20 attacks in flight (50 probes, ms): p50 ${percentile(health, 0.5).toFixed(1)}, p95 ${percentile(health, 0.95).toFixed(1)}, max ${Math.max(...health).toFixed(1)}`);
const cpu = process.cpuUsage();
const wall = performance.now();
await Promise.all(Array.from({ length: 200 }, (_, i) => t.request(attacks[1 + (i % (attacks.length - 1))]![1], { token: patient })));
const used = process.cpuUsage(cpu);
console.log(`200 attacks: ${((used.user + used.system) / 1000 / 200).toFixed(1)} ms of CPU each (client included), ${(performance.now() - wall).toFixed(0)} ms wall`);
await t.stop();
