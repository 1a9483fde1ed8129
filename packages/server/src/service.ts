/** The contract between a subgraph package and whatever runs it (its own process, or the embedded platform). */
import type { Config } from '@caregraph/config';
import type { RevocationList } from '@caregraph/auth';
import type { AuthContext } from '@caregraph/access';
import type { Logger } from './logger';
import type { SubgraphDefinition } from './subgraph';

export type ServiceDeps = {
  config: Config;
  /** Shared with every verifier: in-process when embedded, Redis otherwise. */
  revocations: RevocationList;
  logger: Logger;
  /** Apply pending migrations on open (always for embedded PGlite). */
  migrate?: boolean;
  /** Observes every SQL statement (tests count them to prove batching). */
  onQuery?: (event: { query: string; duration: number }) => void;
};

export type SubgraphService = {
  definition: SubgraphDefinition<AuthContext>;
  /** The context's Prisma client, for seeding and for tests that prove what was (not) written. */
  prisma: unknown;
  /** Seeds the context's part of the demo dataset; idempotent. */
  seedDemoData(): Promise<void>;
  close(): Promise<void>;
};

export type SubgraphFactory = (deps: ServiceDeps) => Promise<SubgraphService>;
