/** The live feed: each live event's topics and ids (pure), and the consumer publishing them on a real in-process channel. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_TOPICS, type LiveMessage } from '@caregraph/events';
import { openNotificationsTestDatabase } from '../../test/service-kit';
import { livePublicationsFor, type LiveEvent } from './live-feed';

describe('livePublicationsFor', () => {
  const event = <E extends LiveEvent>(type: E['type'], payload: E['payload']) => ({ id: 'evt-1', type, aggregateId: null, occurredAt: '', payload }) as unknown as LiveEvent;
  const appointment = { appointmentId: 'a1', patientId: 'pa1', practitionerId: 'pr1', start: '2026-12-07T17:00:00.000Z', end: '2026-12-07T17:30:00.000Z', status: 'BOOKED' };

  it("sends a new notification to its recipient's topic only", () => {
    expect(livePublicationsFor(event('notifications.notification.created', { notificationId: 'n1', userId: 'u1', type: 'APPOINTMENT_BOOKED', sequence: '7' }))).toEqual([
      { topic: LIVE_TOPICS.notification('u1'), message: { eventId: 'evt-1', entityId: 'n1', userId: 'u1' } },
    ]);
  });

  it("sends every appointment change to all appointments, the patient's and the practitioner's topics", () => {
    for (const type of ['scheduling.appointment.booked', 'scheduling.appointment.cancelled', 'scheduling.appointment.noshow'] as const) {
      const published = livePublicationsFor(event(type, { ...appointment, previousStart: '', previousEnd: '', cancellationReason: null } as never));
      expect(published.map((p) => p.topic)).toEqual([LIVE_TOPICS.appointments, LIVE_TOPICS.appointmentsOfPatient('pa1'), LIVE_TOPICS.appointmentsOfPractitioner('pr1')]);
      expect(published.every((p) => p.message.entityId === 'a1' && p.message.patientId === 'pa1' && p.message.practitionerId === 'pr1')).toBe(true);
    }
  });

  it('sends a lab result to the patient and the ordering doctor, and a low stock to the one stock topic', () => {
    const result = livePublicationsFor(event('lab.result.recorded', { orderId: 'o1', patientId: 'pa1', orderedById: 'pr9' } as never));
    expect(result.map((p) => p.topic)).toEqual([LIVE_TOPICS.labResultsOfPatient('pa1'), LIVE_TOPICS.labResultsOfPractitioner('pr9')]);
    expect(result[0]!.message).toEqual({ eventId: 'evt-1', entityId: 'o1', patientId: 'pa1', practitionerId: 'pr9' });
    expect(livePublicationsFor(event('pharmacy.stock.low', { medicationId: 'm1', code: '1', name: 'X', stockOnHand: 1, reorderLevel: 5 }))).toEqual([
      { topic: LIVE_TOPICS.stockLow, message: { eventId: 'evt-1', entityId: 'm1' } },
    ]);
  });
});

describe('the notifications.live consumer', () => {
  let t: Awaited<ReturnType<typeof openNotificationsTestDatabase>>;
  beforeAll(async () => {
    t = await openNotificationsTestDatabase();
  });
  afterAll(async () => {
    await t.db.close();
  });

  it('publishes what an event concerns on the live channel, and nothing for the topics of others', async () => {
    const received: { topic: string; message: LiveMessage }[] = [];
    const user = randomUUID();
    for (const topic of [LIVE_TOPICS.notification(user), LIVE_TOPICS.notification(randomUUID()), LIVE_TOPICS.stockLow])
      await t.live.subscribe(topic, (message) => received.push({ topic, message }));
    const created = t.event('notifications.notification.created', { notificationId: randomUUID(), userId: user, type: 'STOCK_LOW', sequence: '1' });
    await t.db.events.transaction((tx) => t.liveFeed.apply(tx, created));
    expect(received).toEqual([{ topic: LIVE_TOPICS.notification(user), message: { eventId: created.id, entityId: created.payload.notificationId, userId: user } }]);
    // An event from before a catch-up is not news any more: the inbox has it, live subscribers are not flooded.
    const stale = { ...t.event('pharmacy.stock.low', { medicationId: randomUUID(), code: '1', name: 'X', stockOnHand: 1, reorderLevel: 5 }), occurredAt: new Date(Date.now() - 120_000).toISOString() };
    await t.db.events.transaction((tx) => t.liveFeed.apply(tx, stale));
    expect(received).toHaveLength(1);
  });
});
