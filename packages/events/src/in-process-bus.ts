/** The embedded bus: one queue per consumer group in this process, so a stopped group misses nothing while the process lives. */
import { deliverWithRetry } from './retry';
import { DEFAULT_RETRY, type Consumer, type DomainEvent, type EventBus, type EventHandler, type RetryPolicy } from './types';

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
    consumer(name, types, handler: EventHandler, retry?: Partial<RetryPolicy>): Consumer {
      const policy = { ...DEFAULT_RETRY, ...retry };
      const group: Group = groups.get(name) ?? { types: new Set(), queue: [], dead: [], wake: () => undefined };
      for (const type of types) group.types.add(type);
      groups.set(name, group);
      const stats = { processed: 0, retried: 0, deadLettered: 0, running: false };
      let busy = false;
      let loop: Promise<void> | undefined;

      const run = async () => {
        while (stats.running) {
          const event = group.queue[0];
          if (!event) {
            await new Promise<void>((resolve) => (group.wake = resolve));
            continue;
          }
          busy = true;
          try {
            const delivery = await deliverWithRetry(handler, event, policy, () => !stats.running);
            stats.retried += delivery.retries;
            if (delivery.outcome === 'dead') {
              group.dead.push({ event, error: delivery.error });
              stats.deadLettered++;
            } else stats.processed++;
            group.queue.shift();
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
