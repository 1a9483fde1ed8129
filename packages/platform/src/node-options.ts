/**
 * The V8 options every Caregraph server process runs with: the Dockerfile's `NODE_OPTIONS` (so every container the
 * image starts, gateway and subgraphs alike), `npm start`, and the benchmarks' processes, which must run as production
 * does. A test keeps the three in step (packages/platform/test/deployment.test.ts).
 *
 * `--max-semi-space-size=64`: a young generation of 128 MiB instead of 32. Under concurrent requests a small young
 * generation is scavenged before the requests in flight are done with their objects, so every scavenge copies them and
 * promotes them to the old generation. Called directly with 50 connections, the care-team subgraph spent 3.4–3.6 ms of
 * CPU per W1 call with the default and 2.5 with this, and served 30 % more requests a second, for about 100 MiB more
 * resident memory under that load (docs/performance.md).
 */
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=64'] as const;
