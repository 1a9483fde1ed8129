/**
 * The live channel: what the gateway's subscriptions listen to. Durable consumers turn domain events into short live
 * messages (the notifications context publishes them, docs/subscriptions.md); every gateway process subscribes to the
 * topics its own sockets need. Redis pub/sub (graphql-redis-subscriptions on ioredis) carries them between processes,
 * so any number of gateways serve their own clients; embedded, an in-process PubSub has the same interface.
 *
 * A live message only says which entity changed and for whom; the gateway reads the entity itself, with each
 * subscriber's credentials. Delivery is at most once: a subscriber that was not connected catches up from the inbox.
 */
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { Redis } from 'ioredis';

/** What changed: the entity's id, and who it concerns (the gateway filters on these before reading anything). */
export type LiveMessage = {
  /** The domain event it came from. */
  eventId: string;
  /** The entity to read: appointment, lab order, medication or notification id. */
  entityId: string;
  patientId?: string;
  practitionerId?: string;
  /** The recipient, for a notification. */
  userId?: string;
};

/** Topic names, written once for publisher and subscribers. */
export const LIVE_TOPICS = {
  /** A new notification in one account's inbox. */
  notification: (userId: string) => `notification.user.${userId}`,
  /** Every appointment change (ADMIN without arguments). */
  appointments: 'appointment.all',
  appointmentsOfPatient: (patientId: string) => `appointment.patient.${patientId}`,
  appointmentsOfPractitioner: (practitionerId: string) => `appointment.practitioner.${practitionerId}`,
  labResultsOfPatient: (patientId: string) => `lab-result.patient.${patientId}`,
  labResultsOfPractitioner: (practitionerId: string) => `lab-result.practitioner.${practitionerId}`,
  /** A medication at or below its reorder level. */
  stockLow: 'stock-low',
} as const;

export interface LiveChannel {
  readonly kind: 'in-process' | 'redis';
  publish(topic: string, message: LiveMessage): Promise<void>;
  /** Resolves to an id for `unsubscribe` once the subscription is in place (in Redis: once SUBSCRIBE is acknowledged). */
  subscribe(topic: string, onMessage: (message: LiveMessage) => void): Promise<number>;
  unsubscribe(id: number): void;
  close(): Promise<void>;
}

function channelOver(engine: PubSubEngine, kind: LiveChannel['kind'], close: () => Promise<void>): LiveChannel {
  return {
    kind,
    publish: (topic, message) => engine.publish(topic, message),
    subscribe: (topic, onMessage) => engine.subscribe(topic, onMessage as (message: unknown) => void, {}),
    unsubscribe: (id) => engine.unsubscribe(id),
    close,
  };
}

/** Redis pub/sub when Redis is configured (channels carry the key prefix, so test runs and deployments stay apart), else in-process. */
export function createLiveChannel(redis?: { url: string; keyPrefix: string }): LiveChannel {
  if (!redis) return channelOver(new PubSub(), 'in-process', async () => {});
  // Connections are opened on first use: most processes only publish, and a subgraph that never publishes opens none.
  const client = () => new Redis(redis.url, { maxRetriesPerRequest: 3 }).on('error', () => undefined);
  let engine: RedisPubSub | undefined;
  const open = () => (engine ??= new RedisPubSub({ publisher: client(), subscriber: client() }));
  // Prefixed here: RedisPubSub's triggerTransform applies to subscribe but not to publish.
  const channel = (topic: string) => `${redis.keyPrefix}live:${topic}`;
  return {
    kind: 'redis',
    publish: (topic, message) => open().publish(channel(topic), message),
    subscribe: (topic, onMessage) => open().subscribe(channel(topic), onMessage, {}),
    unsubscribe: (id) => engine?.unsubscribe(id),
    async close() {
      if (!engine) return;
      engine.getPublisher().disconnect();
      engine.getSubscriber().disconnect();
    },
  };
}
