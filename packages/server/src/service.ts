/** The contract between a subgraph package and whatever runs it (its own process, or the embedded platform). */
import type { Config } from '@caregraph/config';
import type { RevocationList } from '@caregraph/auth';
import type { EventBus, EventsStatus, LiveChannel } from '@caregraph/events';
import type { AuthContext } from '@caregraph/access';
import type { Metrics } from '@caregraph/observability';
import type { Logger } from './logger';
import type { SubgraphDefinition } from './subgraph';

export type ServiceDeps = {
  config: Config;
  /** Shared with every verifier: in-process when embedded, Redis otherwise. */
  revocations: RevocationList;
  logger: Logger;
  /** Shared by every context of the process: in-process when embedded, Redis Streams otherwise. */
  bus: EventBus;
  /** Live messages for the gateway's subscriptions (docs/subscriptions.md): in-process when embedded, Redis pub/sub otherwise. */
  live: LiveChannel;
  /** Apply pending migrations on open (always for embedded PGlite). */
  migrate?: boolean;
  /**
   * The context's metrics registry, served at its `/metrics` (created by whoever runs the context, since a registry
   * outlives a restart of the server).
   */
  metrics: Metrics;
  /** Observes every SQL statement (tests count them to prove batching). */
  onQuery?: (event: { query: string; duration: number }) => void;
};

export type SubgraphService = {
  definition: SubgraphDefinition<AuthContext>;
  /** The registry its server serves at `/metrics` (the one it was given in `ServiceDeps`). */
  metrics: Metrics;
  /** The context's Prisma client, for seeding and for tests that prove what was (not) written. */
  prisma: unknown;
  /** Seeds the context's part of the demo dataset; idempotent. */
  seedDemoData(): Promise<void>;
  /** Starts background work (outbox relay, event consumers) once every context of the process exists. */
  start(): void;
  /** Readiness detail: the database answers; outbox and consumer counts. Throws when not ready. */
  status(): Promise<EventsStatus>;
  close(): Promise<void>;
};

export type SubgraphFactory = (deps: ServiceDeps) => Promise<SubgraphService>;
