/** The embedded bus: one queue per consumer group in this process, so a stopped group misses nothing while the process lives. */
import { deliverAll, type Delivery } from './retry';
import { DEFAULT_RETRY, READ_COUNT, type Consumer, type ConsumerOptions, type DomainEvent, type EventBus, type EventHandler } from './types';

type Group = { types: Set<string>; queue: DomainEvent[]; dead: { event: DomainEvent; error: string }[]; wake: () => void };

export function createInProcessBus(): EventBus {
  const groups = new Map<string, Group>();
  const stops = new Set<() => Promise<void>>();

  return {
    kind: 'in-process',
    async publish(event) {
      for (const group of groups.values()) {
        if (!group.types.has(event.type)) continue;
        group.queue.push(event);
        group.wake();
      }
    },
    async publishAll(events) {
      for (const event of events) await this.publish(event);
    },
    consumer(name, types, handler: EventHandler, options: ConsumerOptions = {}): Consumer {
      const policy = { ...DEFAULT_RETRY, ...options.retry };
      const group: Group = groups.get(name) ?? { types: new Set(), queue: [], dead: [], wake: () => undefined };
      for (const type of types) group.types.add(type);
      groups.set(name, group);
      const stats = { processed: 0, retried: 0, deadLettered: 0, running: false };
      let busy = false;
      let loop: Promise<void> | undefined;

      const settled = async (events: DomainEvent[], delivery: Delivery) => {
        stats.retried += delivery.retries;
        if (delivery.outcome === 'dead') {
          group.dead.push({ event: events[0]!, error: delivery.error });
          stats.deadLettered++;
        } else stats.processed += events.length;
        for (const event of events) {
          const at = group.queue.indexOf(event);
          if (at >= 0) group.queue.splice(at, 1);
        }
      };
      const run = async () => {
        while (stats.running) {
          const events = group.queue.slice(0, options.batch ? READ_COUNT : 1);
          if (!events.length) {
            await new Promise<void>((resolve) => (group.wake = resolve));
            continue;
          }
          busy = true;
          try {
            // A batch consumer lingers a moment after a short read, so the events of the next few ms join its batch.
            if (options.batch && options.lingerMs && events.length < READ_COUNT) {
              await new Promise((resolve) => setTimeout(resolve, options.lingerMs));
              events.push(...group.queue.slice(events.length, READ_COUNT));
            }
            await deliverAll(events, handler, options.batch, policy, () => !stats.running, settled);
          } catch {
            return; // stopped mid-retry: the event stays queued for the next start
          } finally {
            busy = false;
          }
        }
      };
      const stop = async () => {
        stats.running = false;
        group.wake();
        await loop;
      };
      stops.add(stop);
      return {
        group: name,
        start() {
          if (stats.running) return;
          stats.running = true;
          loop = run();
        },
        stop,
        stats: () => ({ ...stats, idle: !busy && group.queue.length === 0 }),
      };
    },
    async deadLetters(name) {
      return [...(groups.get(name)?.dead ?? [])];
    },
    async close() {
      await Promise.all([...stops].map((stop) => stop()));
    },
  };
}
