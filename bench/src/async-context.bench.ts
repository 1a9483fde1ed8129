/**
 * `node --import tsx bench/src/async-context.bench.ts`: what an active AsyncLocalStorage store costs a resolver-heavy
 * GraphQL execution on this Node (docs/operations.md, "Logs": why request ids are passed explicitly, and what traces
 * cost when they are on). Prints operations a second with and without a store, alternating, three times each.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { buildSchema, graphql } from 'graphql';

type Item = { a(): Promise<string>; b(): Promise<string>; c(): Promise<number>; d: (() => Promise<Item[]>) | null };
const schema = buildSchema('type Query { items: [Item] } type Item { a: String b: String c: Int d: [Item] }');
// 10 items of 5 of 5, every field async: the shape of a list with nested references, as a subgraph resolves it.
const item = (depth: number): Item => ({
  a: async () => 'x',
  b: async () => 'y',
  c: async () => 1,
  d: depth ? async () => Array.from({ length: 5 }, () => item(depth - 1)) : null,
});
const rootValue = { items: async () => Array.from({ length: 10 }, () => item(2)) };
const source = '{ items { a b c d { a b c d { a b c } } } }';
const store = new AsyncLocalStorage<{ requestId: number }>();
const once = () => graphql({ schema, source, rootValue });

async function opsPerSecond(withStore: boolean, seconds = 3): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < until) {
    if (withStore) await store.run({ requestId: count }, once);
    else await once();
    count++;
  }
  // A store once used keeps Node's promise hooks on for the whole process: off again, or every later round pays too.
  if (withStore) store.disable();
  return count / seconds;
}

for (let i = 0; i < 200; i++) await once(); // warm up
for (let round = 1; round <= 3; round++) {
  const without = await opsPerSecond(false);
  const within = await opsPerSecond(true);
  process.stdout.write(`round ${round}: ${without.toFixed(0)} ops/s without a store, ${within.toFixed(0)} with one (${((1 - within / without) * 100).toFixed(0)} % slower)\n`);
}
