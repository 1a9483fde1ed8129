/** A context's own database for service tests: fresh in-memory PGlite with the context's migrations, events on an in-process bus. */
import { randomUUID } from 'node:crypto';
import type { Role, Viewer } from '@caregraph/auth';
import { loadConfig, type ContextName } from '@caregraph/config';
import { createContextEvents, createInProcessBus, type ContextEvents, type EventType, type TransactionalClient } from '@caregraph/events';
import { openContextDatabase, type ClientOptions } from '@caregraph/server';

type OutboxReader = { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> };

export type ServiceTestDatabase<Client> = {
  prisma: Client;
  events: ContextEvents<Client>;
  /** Events recorded in the outbox so far, oldest first, optionally of one type. */
  recorded(type?: EventType): Promise<{ type: string; aggregateId: string | null; payload: Record<string, unknown> }[]>;
  close(): Promise<void>;
};

/** Opens `context`'s schema on a throw-away database, exactly as the platform would, for testing its services directly. */
export async function openServiceTestDatabase<Client extends TransactionalClient & { $disconnect(): Promise<void> }>(
  context: ContextName,
  prismaClient: (options: ClientOptions) => Client,
): Promise<ServiceTestDatabase<Client>> {
  const config = loadConfig({ NODE_ENV: 'test', CAREGRAPH_DATA_DIR: ':memory:' });
  const bus = createInProcessBus();
  const database = await openContextDatabase({ config, migrate: true }, context, prismaClient);
  const events = createContextEvents(database.prisma, bus);
  return {
    prisma: database.prisma,
    events,
    recorded: async (type) =>
      (database.prisma as unknown as OutboxReader).$queryRawUnsafe(
        `SELECT type, aggregate_id AS "aggregateId", payload FROM outbox_events WHERE $1::text IS NULL OR type = $1 ORDER BY created_at, id`,
        type ?? null,
      ),
    async close() {
      await events.stop();
      await database.close();
      await bus.close();
    },
  };
}

/** A signed-in viewer as a verified token would give it, for calling services directly. */
export function testViewer(role: Role, links: { patientId?: string; practitionerId?: string } = {}): Viewer {
  return { userId: randomUUID(), role, tokenId: randomUUID(), sessionId: randomUUID(), expiresAt: new Date(Date.now() + 3600_000), ...links };
}

/** What a synchronous call throws, as `[extensions.code, message]`; undefined when it returns. */
export function thrownBy(run: () => unknown): [string | undefined, string] | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return [(error as { extensions?: { code?: string } }).extensions?.code, (error as Error).message];
  }
}

/** A viewer of a clinical role with a practitioner record of its own. */
export const testClinician = (role: Role): Viewer => testViewer(role, { practitionerId: randomUUID() });

/** The `KnownPatient` and `CareTeamAccess` projection tables (prisma/fragments), as the fixture below writes them. */
type CareTeamProjectionTables = {
  knownPatient: { create(args: { data: { id: string; active: boolean } }): Promise<unknown> };
  careTeamAccess: { createMany(args: { data: { patientId: string; practitionerId: string }[] }): Promise<unknown> };
};

/**
 * For service tests of a context that decides patient access: a known patient with a doctor and a nurse on the care
 * team, written into the context's projections as its consumers would, and each as `access(viewer)` makes them.
 */
export async function knownPatientWithCareTeam<Access>(prisma: CareTeamProjectionTables, access: (viewer: Viewer) => Access, options: { active?: boolean } = {}) {
  const patientId = randomUUID();
  const doctor = testClinician('DOCTOR');
  const nurse = testClinician('NURSE');
  await prisma.knownPatient.create({ data: { id: patientId, active: options.active ?? true } });
  await prisma.careTeamAccess.createMany({ data: [doctor, nurse].map((viewer) => ({ patientId, practitionerId: viewer.practitionerId! })) });
  return { patientId, doctor: access(doctor), nurse: access(nurse), self: access(testViewer('PATIENT', { patientId })) };
}
