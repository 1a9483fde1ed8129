// Worker thread that runs PGlite's initdb into workerData.dataDir, so its memory leaves with the worker (embedded.ts).
import { workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const pglite = await PGlite.create({ dataDir: workerData.dataDir });
await pglite.close();
