/**
 * `node --import tsx bench/src/profile-summary.ts <file.cpuprofile> [top] [--last=S] [--until=U]`: where a V8 CPU profile
 * (`node --cpu-prof`) spent its time (in its last S seconds, e.g. one workload's rounds at the end of a bench run, up to U
 * seconds before its end, e.g. one gateway's round and not the next): self time per package (or Caregraph workspace,
 * or Node internals) and per function, and total time per function (itself and everything it called).
 */
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const args = process.argv.slice(2);
const lastSeconds = Number(args.find((a) => a.startsWith('--last='))?.slice(7) ?? Infinity);
const untilSeconds = Number(args.find((a) => a.startsWith('--until='))?.slice(8) ?? 0);
const [file, topArgument] = args.filter((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [top] [--last=S, only the last S seconds sampled] [--until=U, up to U seconds before the end]\n');
  process.exit(2);
}
const top = Number(topArgument ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** `node_modules/@apollo/gateway/…` → `@apollo/gateway`; our workspaces by folder; V8 and Node by their own names. */
function owner(url: string, functionName: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + 13).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  const workspace = /\/(gateway|packages\/[^/]+|subgraphs\/[^/]+|bench)\//.exec(url);
  if (workspace) return `caregraph: ${workspace[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  if (!url) return functionName === '(garbage collector)' ? '(garbage collector)' : functionName.startsWith('(') ? functionName : 'native / V8';
  return url;
}

const selfTime = new Map<number, number>();
const sampledUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
let elapsed = 0;
profile.samples.forEach((id, i) => {
  elapsed += profile.timeDeltas[i] ?? 0;
  const beforeEnd = sampledUs - elapsed;
  if (beforeEnd <= lastSeconds * 1e6 && beforeEnd >= untilSeconds * 1e6) selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
const idle = [...selfTime].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);

const packages = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, time] of selfTime) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') continue;
  const pkg = owner(url, functionName);
  packages.set(pkg, (packages.get(pkg) ?? 0) + time);
  const key = `${functionName || '(anonymous)'}  ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
  functions.set(key, (functions.get(key) ?? 0) + time);
}

// Total (inclusive) time: a sample counts once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const [id, time] of selfTime) {
  if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
    if (!url) continue;
    const key = `${functionName || '(anonymous)'}  ${owner(url, functionName)}:${lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + time);
  }
}

const busy = total - idle;
const share = (time: number) => `${((100 * time) / busy).toFixed(1).padStart(5)} %`;
const print = (title: string, entries: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${share(time)}  ${name}\n`);
};
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((100 * idle) / total).toFixed(0)} % idle; shares below are of the busy time\n`);
print('Self time by package', packages);
print('Self time by function', functions);
print('Total time by function (itself and what it calls)', inclusive);
