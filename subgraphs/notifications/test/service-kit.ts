/** Shared set-up of the notifications service tests: the context's real database, its services, accounts, and events as the bus delivers them. */
import { randomUUID } from 'node:crypto';
import type { Role } from '@caregraph/auth';
import { createLiveChannel, type EventOf, type EventType } from '@caregraph/events';
import { openServiceTestDatabase, testViewer } from '@caregraph/testkit';
import { consumers } from '../src/consumers';
import { PrismaClient } from '../src/generated/prisma/client';
import { createServices } from '../src/services';
import type { NotifyingEvent } from '../src/services/messages';

export async function openNotificationsTestDatabase() {
  const db = await openServiceTestDatabase('notifications', (options) => new PrismaClient(options));
  const notifications = createServices(db.prisma);
  // The in-process live channel, as embedded: tests subscribe to it to see what the live feed publishes.
  const live = createLiveChannel();
  const [accounts, inbox, liveFeed] = consumers(notifications.inbox, live);

  /** An event as the bus would deliver it. */
  const event = <T extends EventType>(type: T, payload: EventOf<T>['payload']) => ({ id: randomUUID(), type, aggregateId: null, occurredAt: new Date().toISOString(), payload }) as EventOf<T>;
  /** Applies an event with the inbox consumer, in its own transaction (what a delivery does, without the processed-events guard). */
  const deliver = (e: NotifyingEvent) => db.events.transaction((tx) => inbox!.apply(tx, e));
  /** A known account of `role` (as identity announced it) and the viewer it signs in as. */
  async function account(role: Role, links: { patientId?: string; practitionerId?: string } = {}) {
    const viewer = testViewer(role, links);
    const announced =
      role === 'PATIENT' && links.patientId
        ? event('identity.user.registered', { userId: viewer.userId, patientId: links.patientId, email: 'p@example.org', givenName: 'P', familyName: 'Q', birthDate: '1980-01-01', phone: null })
        : event('identity.user.created', { userId: viewer.userId, email: 'x@example.org', role, patientId: links.patientId ?? null, practitionerId: links.practitionerId ?? null, organizationId: null });
    await db.events.transaction((tx) => accounts!.apply(tx, announced));
    return viewer;
  }
  const patient = () => account('PATIENT', { patientId: randomUUID() });
  const doctor = () => account('DOCTOR', { practitionerId: randomUUID() });
  return { db, inbox: notifications.inbox, live, liveFeed: liveFeed!, event, deliver, account, patient, doctor };
}

/** The error code a call ends with, or 'ok'. */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
