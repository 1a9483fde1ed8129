/** One subgraph as its own process (services and cluster modes): `subgraph-main.ts <context>`, e.g. `patients`. */
import { runStandalone } from '@caregraph/server';
import { SUBGRAPHS } from './subgraphs';

const name = process.argv[2];
const subgraph = SUBGRAPHS.find((s) => s.name === name);
if (!subgraph) {
  process.stderr.write(`Usage: subgraph-main.ts <context>, one of: ${SUBGRAPHS.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
await runStandalone(subgraph.name, subgraph.create);
