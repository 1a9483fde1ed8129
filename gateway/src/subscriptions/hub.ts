/**
 * The gateway process's side of the live channel: it subscribes to each topic once, however many of its sockets need
 * it, and on each message reads the payload once per group of subscribers that share a selection and a scope (the
 * same account, or the same role where the entity does not depend on the account). One federated read serves the
 * group; every subscriber then gets it in its own stream.
 */
import type { LiveChannel, LiveMessage } from '@caregraph/events';
import type { Logger } from '@caregraph/server';
import type { Delivery, LiveStream } from './live-stream';

export type ReadOutcome = Delivery[] | 'unauthenticated';

export type LiveSubscriber = {
  /** Subscribers with equal keys get the same payload: the payload query, its variables and the scope. */
  groupKey: string;
  accept?(message: LiveMessage): boolean;
  /** Reads the event's payload with this subscriber's credentials. */
  read(message: LiveMessage): Promise<ReadOutcome>;
  /** The subscriber's token no longer works (revoked or expired since the last check): its connection is closed. */
  unauthenticated(): void;
  stream: LiveStream;
};

type Topic = { subscribers: Set<LiveSubscriber>; subscribed: Promise<number> };

export class LiveHub {
  private readonly topics = new Map<string, Topic>();

  constructor(
    private readonly channel: LiveChannel,
    private readonly logger: Logger,
  ) {}

  /** Adds a subscriber; resolves once the topic is subscribed (nothing published after that is missed). Returns the removal. */
  async add(topicName: string, subscriber: LiveSubscriber): Promise<() => void> {
    let topic = this.topics.get(topicName);
    if (!topic) {
      const created: Topic = { subscribers: new Set(), subscribed: this.channel.subscribe(topicName, (message) => this.dispatch(created, message)) };
      topic = created;
      this.topics.set(topicName, topic);
    }
    topic.subscribers.add(subscriber);
    const current = topic;
    try {
      await current.subscribed;
    } catch (error) {
      this.remove(topicName, current, subscriber);
      throw error;
    }
    return () => this.remove(topicName, current, subscriber);
  }

  /** Topics and subscribers of this process, for readiness and the benchmark. */
  stats() {
    let subscribers = 0;
    for (const topic of this.topics.values()) subscribers += topic.subscribers.size;
    return { topics: this.topics.size, subscribers };
  }

  private remove(name: string, topic: Topic, subscriber: LiveSubscriber) {
    topic.subscribers.delete(subscriber);
    if (topic.subscribers.size > 0 || this.topics.get(name) !== topic) return;
    this.topics.delete(name);
    void topic.subscribed.then((id) => this.channel.unsubscribe(id)).catch(() => undefined);
  }

  private dispatch(topic: Topic, message: LiveMessage) {
    const groups = new Map<string, LiveSubscriber[]>();
    for (const subscriber of topic.subscribers) {
      if (subscriber.accept && !subscriber.accept(message)) continue;
      const group = groups.get(subscriber.groupKey);
      if (group) group.push(subscriber);
      else groups.set(subscriber.groupKey, [subscriber]);
    }
    for (const members of groups.values()) {
      const read = this.readFor(members, message);
      for (const member of members) member.stream.push(read);
    }
  }

  /** One read for the group, with the first member whose token still works. */
  private async readFor(members: LiveSubscriber[], message: LiveMessage): Promise<Delivery[]> {
    for (const member of members) {
      try {
        const outcome = await member.read(message);
        if (outcome !== 'unauthenticated') return outcome;
        member.unauthenticated();
      } catch (error) {
        this.logger.warn('live payload read failed', { eventId: message.eventId, error: error instanceof Error ? error.message : String(error) });
        return [];
      }
    }
    return [];
  }
}
