/**
 * The subscription fields the gateway serves, one entry each: which live topic a subscriber listens to, the query
 * root field its payload is read through, and whose rights that read depends on. Role rules (operationRules) have
 * already passed when `listen` runs; what is decided here is *which* events a subscriber may follow.
 */
import type { Viewer } from '@caregraph/auth';
import { badUserInput, forbidden } from '@caregraph/errors';
import { LIVE_TOPICS, type LiveMessage } from '@caregraph/events';

/** Runs a query through the gateway as the subscriber (the owning subgraphs judge it) and returns its data. */
export type AskAsViewer = (query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown> | null | undefined>;

export type Listening = {
  topic: string;
  /** A further filter on the topic's messages (e.g. one practitioner among a patient's appointments). */
  accept?(message: LiveMessage): boolean;
};

export type LiveField = {
  /** The topic for this viewer and these arguments; throws FORBIDDEN for events the viewer may not follow. */
  listen(viewer: Viewer, args: Record<string, unknown>, ask: AskAsViewer): Promise<Listening>;
  /** The query root field that reads the payload entity by id (`appointment(id:)`). */
  read: string;
  /**
   * Whose rights the payload read depends on, so one read serves every subscriber of the same scope: `viewer` (the
   * same account), or `role` where the entity is the same for the whole role (the medication catalogue).
   */
  scope: 'viewer' | 'role';
  /** Replays the inbox after the `after` cursor first (notificationReceived). */
  replay?: { argument: string; read: string };
};

const own = (id: string | undefined, what: string): string => {
  if (!id) throw forbidden(`This account has no ${what}.`);
  return id;
};
const optionalId = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

export const LIVE_FIELDS: Record<string, LiveField> = {
  notificationReceived: {
    read: 'notification',
    scope: 'viewer',
    replay: { argument: 'after', read: 'notificationsSince' },
    listen: async (viewer) => ({ topic: LIVE_TOPICS.notification(viewer.userId) }),
  },
  appointmentChanged: {
    read: 'appointment',
    scope: 'viewer',
    async listen(viewer, args, ask) {
      const patientId = optionalId(args.patientId);
      const practitionerId = optionalId(args.practitionerId);
      const ofPractitioner = (message: LiveMessage) => !practitionerId || message.practitionerId === practitionerId;
      if (patientId) {
        // Following a patient needs the right to read that patient, as patients decides it.
        const data = await ask('query LiveCanReadPatient($id: ID!) { patient(id: $id) { id } }', { id: patientId }).catch(() => null);
        if ((data?.patient as { id?: string } | null | undefined)?.id !== patientId)
          throw forbidden("You may not follow this patient's appointments.");
        return { topic: LIVE_TOPICS.appointmentsOfPatient(patientId), accept: ofPractitioner };
      }
      if (viewer.role === 'PATIENT') return { topic: LIVE_TOPICS.appointmentsOfPatient(own(viewer.patientId, 'patient record')), accept: ofPractitioner };
      if (practitionerId) return { topic: LIVE_TOPICS.appointmentsOfPractitioner(practitionerId) };
      if (viewer.practitionerId) return { topic: LIVE_TOPICS.appointmentsOfPractitioner(viewer.practitionerId) };
      if (viewer.role === 'ADMIN') return { topic: LIVE_TOPICS.appointments };
      throw badUserInput('Say whose appointments to follow: practitionerId or patientId.', 'practitionerId');
    },
  },
  labResultReady: {
    read: 'labOrder',
    scope: 'viewer',
    listen: async (viewer) =>
      viewer.role === 'PATIENT'
        ? { topic: LIVE_TOPICS.labResultsOfPatient(own(viewer.patientId, 'patient record')) }
        : { topic: LIVE_TOPICS.labResultsOfPractitioner(own(viewer.practitionerId, 'practitioner record')) },
  },
  stockLow: {
    read: 'medication',
    scope: 'role',
    listen: async () => ({ topic: LIVE_TOPICS.stockLow }),
  },
};
