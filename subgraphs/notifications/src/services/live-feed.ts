/**
 * The live feed behind the gateway's subscriptions (docs/subscriptions.md): which live topics each domain event goes
 * to, and with which ids. Pure, so every mapping is tested without a database; `consumers.ts` publishes what it
 * returns. A message names the entity and who it concerns, never its data: the gateway reads the entity itself, with
 * each subscriber's credentials.
 */
import { LIVE_TOPICS, type EventOf, type LiveMessage } from '@caregraph/events';

/** The event types that go to the live channel (the `notifications.live` consumer's types). */
export const LIVE_EVENTS = [
  'notifications.notification.created',
  'scheduling.appointment.booked',
  'scheduling.appointment.rescheduled',
  'scheduling.appointment.cancelled',
  'scheduling.appointment.arrived',
  'scheduling.appointment.fulfilled',
  'scheduling.appointment.noshow',
  'lab.result.recorded',
  'pharmacy.stock.low',
] as const;
export type LiveEvent = EventOf<(typeof LIVE_EVENTS)[number]>;

export type LivePublication = { topic: string; message: LiveMessage };

export function livePublicationsFor(event: LiveEvent): LivePublication[] {
  const eventId = event.id;
  switch (event.type) {
    case 'notifications.notification.created': {
      const { notificationId, userId } = event.payload;
      return [{ topic: LIVE_TOPICS.notification(userId), message: { eventId, entityId: notificationId, userId } }];
    }
    case 'scheduling.appointment.booked':
    case 'scheduling.appointment.rescheduled':
    case 'scheduling.appointment.cancelled':
    case 'scheduling.appointment.arrived':
    case 'scheduling.appointment.fulfilled':
    case 'scheduling.appointment.noshow': {
      const { appointmentId, patientId, practitionerId } = event.payload;
      const message = { eventId, entityId: appointmentId, patientId, practitionerId };
      return [LIVE_TOPICS.appointments, LIVE_TOPICS.appointmentsOfPatient(patientId), LIVE_TOPICS.appointmentsOfPractitioner(practitionerId)].map((topic) => ({ topic, message }));
    }
    case 'lab.result.recorded': {
      // Every version: the first result, and each correction of it.
      const { orderId, patientId, orderedById } = event.payload;
      const message = { eventId, entityId: orderId, patientId, practitionerId: orderedById };
      return [LIVE_TOPICS.labResultsOfPatient(patientId), LIVE_TOPICS.labResultsOfPractitioner(orderedById)].map((topic) => ({ topic, message }));
    }
    case 'pharmacy.stock.low':
      return [{ topic: LIVE_TOPICS.stockLow, message: { eventId, entityId: event.payload.medicationId } }];
  }
}
