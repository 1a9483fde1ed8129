/**
 * The one way a context becomes a subgraph: it names itself once and lists its parts (resolvers, permissions,
 * consumers, request context, demo data); this wires its database, its events, its schema and the lifecycle that
 * the embedded platform and the single-service process both drive.
 */
import { fileURLToPath } from 'node:url';
import type { AuthContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { ContextName } from '@caregraph/config';
import {
  createContextEvents,
  isPhiContext,
  type ConsumerSpec,
  type ContextEvents,
  type PhiReadReport,
  type TransactionalClient,
  type TransactionOf,
} from '@caregraph/events';
import type { IRules } from 'graphql-shield';
import { openContextDatabase, type ClientOptions } from './context-service';
import { observeEvents } from './event-metrics';
import type { PhiTypes } from './phi-reads';
import type { ServiceDeps, SubgraphFactory } from './service';
import { loadTypeDefs, type RequestFacts } from './subgraph';

/** What a context's `parts` get to build its services from. */
export type SubgraphKit<Client> = {
  /** The context's name, e.g. for consumer group names. */
  name: ContextName;
  /** The context's own Prisma client: its own database, never another context's. */
  prisma: Client;
  /** Producing events (`events.transaction`) and the relay; consumers are registered from `parts().consumers`. */
  events: ContextEvents<Client>;
  deps: ServiceDeps;
};

export type SubgraphParts<Client, RequestContext> = {
  /** Resolver map (typed per subgraph by codegen). */
  resolvers: object;
  /** graphql-shield rules for the subgraph's own types; root operations come from `operationRules`. */
  permissions: IRules;
  /** Every event handler of the context (its `src/consumers.ts`). */
  consumers?: ConsumerSpec<TransactionOf<Client>>[];
  /** The per-request context for a verified viewer (or none): loaders and services live here. */
  requestContext(viewer: Viewer | undefined, request: RequestFacts): RequestContext;
  /**
   * The context's types that hold protected health information and how each finds its patient: every field of them
   * a request resolves, or a shield refuses, is reported to the audit trail (docs/audit.md). PHI_CONTEXTS lists who may.
   */
  phi?: PhiTypes;
  /** Seeds the context's part of the demo dataset through its services; idempotent. */
  seedDemoData?(): Promise<void>;
  /** Releases what the parts hold beyond the database and events (e.g. a Redis connection). */
  close?(): Promise<void>;
};

/** A subgraph as the platform registry lists it. */
export type SubgraphModule = { name: ContextName; schemaPath: string; create: SubgraphFactory };

type ContextClient = TransactionalClient & { $disconnect(): Promise<void> };

export function defineSubgraph<Client extends ContextClient, RequestContext extends AuthContext>(spec: {
  name: ContextName;
  /** `import.meta.url` of the subgraph's `src/subgraph.ts`: its `schema.graphql` is one folder up. */
  module: string;
  /** Builds the context's generated Prisma client on the adapter the platform opened. */
  prismaClient(options: ClientOptions): Client;
  parts(kit: SubgraphKit<Client>): SubgraphParts<Client, RequestContext> | Promise<SubgraphParts<Client, RequestContext>>;
}): SubgraphModule {
  const schemaUrl = new URL('../schema.graphql', spec.module);
  return {
    name: spec.name,
    schemaPath: fileURLToPath(schemaUrl),
    async create(deps) {
      const database = await openContextDatabase(deps, spec.name, spec.prismaClient);
      const events = createContextEvents(database.prisma, deps.bus, {
        taken: (group, event) => deps.metrics.observeEventLag(group, (Date.now() - Date.parse(event.occurredAt)) / 1000),
      });
      observeEvents(deps.metrics, () => events.status());
      try {
        const parts = await spec.parts({ name: spec.name, prisma: database.prisma, events, deps });
        events.consume(parts.consumers ?? []);
        const name = spec.name;
        if (parts.phi && !isPhiContext(name)) throw new Error(`${name} declares PHI types but is not one of PHI_CONTEXTS (@caregraph/events)`);
        // One INSERT after the response, no transaction: the read itself waited for nothing.
        const phi = parts.phi && isPhiContext(name) ? { phi: parts.phi, reportPhiReads: async (report: PhiReadReport) => void (await events.record(`${name}.phi.read`, null, report)) } : {};
        return {
          definition: {
            name: spec.name,
            typeDefs: loadTypeDefs(spec.module),
            resolvers: parts.resolvers,
            permissions: parts.permissions,
            context: parts.requestContext as (viewer: Viewer | undefined, request: RequestFacts) => AuthContext,
            ...phi,
          },
          metrics: deps.metrics,
          prisma: database.prisma,
          seedDemoData: async () => parts.seedDemoData?.(),
          start: () => events.start(),
          // The outbox count doubles as the database check.
          status: () => events.status(),
          async close() {
            await events.stop();
            await parts.close?.();
            await database.close();
          },
        };
      } catch (error) {
        await database.close();
        throw error;
      }
    },
  };
}
