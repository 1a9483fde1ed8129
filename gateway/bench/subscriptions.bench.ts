/**
 * `npm run bench:subscriptions`: live delivery through two gateway processes on Redis (needs the test PostgreSQL and
 * Redis; fresh databases and key prefix, removed afterwards). Prints numbers; asserts nothing.
 *
 * - The subgraphs run in this process; two gateways run as their own processes (`gateway-main.ts`), as replicas would.
 * - SUBSCRIBERS accounts (PHARMACIST tokens signed with the development key), one WebSocket each, alternating between
 *   the two gateways, each subscribed to `notificationReceived` and `stockLow`.
 * - Per-user events: a notification row is written into each account's inbox and its live message published on the
 *   live channel (what the notifications context's live feed does), at RATE a second; publish → client receipt is
 *   timed per event. Each delivery is a federated read of `notification(id)` with that subscriber's token.
 * - One broadcast: a `stockLow` message every subscriber receives; one payload read per gateway serves them all.
 * - RSS of each gateway process before the sockets open and with them open and idle.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTokenSigner } from '@caregraph/auth';
import { DEMO_IDS, DEMO_MEDICATIONS } from '@caregraph/demo';
import { LIVE_TOPICS } from '@caregraph/events';
import { openLiveClient, startGatewayReplica, startTestPlatform, subscribe, type LiveClient, type ServiceProcess } from '@caregraph/testkit';

/** `--subscribers=N` and `--rate=N` (per-user events a second) change the load. */
const option = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SUBSCRIBERS = option('subscribers', 2000);
const RATE = option('rate', 400);
const OPEN_CONCURRENCY = 50;

const t = await startTestPlatform('postgres', { env: { MAX_CONNECTIONS_PER_USER: '5' } });
const gateways: ServiceProcess[] = [];
const clients: LiveClient[] = [];
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const line = (label: string, values: number[]) =>
  `  ${label.padEnd(34)} p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(values, 95).toFixed(1).padStart(6)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(6)} ms   max ${Math.max(...values).toFixed(1).padStart(6)} ms`;

try {
  const urls: string[] = [];
  for (let i = 0; i < 2; i++) {
    const replica = await startGatewayReplica(t);
    gateways.push(replica.process);
    urls.push(replica.url);
  }
  const pids = gateways.map((g) => g.child.pid!);
  const signer = createTokenSigner(t.config.jwt);
  const users = Array.from({ length: SUBSCRIBERS }, () => {
    const id = randomUUID();
    return { id, token: signer.sign({ id, role: 'PHARMACIST' }, randomUUID()).token };
  });
  // Warm each gateway's plans for both payload reads, so the first events do not pay for planning.
  for (const url of urls) {
    const warm = openLiveClient(url, users[0]!.token);
    await warm.connected;
    await warm.dispose();
  }
  const rssBefore = pids.map(rssMiB);

  const published = new Map<string, number>();
  const perUser: number[] = [];
  const broadcast: number[] = [];
  let broadcastAt = 0;
  let opened = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: OPEN_CONCURRENCY }, async () => {
      while (opened < users.length) {
        const index = opened++;
        const live = openLiveClient(urls[index % 2]!, users[index]!.token);
        clients.push(live);
        await live.connected;
        const inbox = subscribe(live, 'subscription { notificationReceived { id title } }');
        const low = subscribe(live, 'subscription { stockLow { id name stockOnHand } }');
        void (async () => {
          for (;;) {
            const event = await inbox.next(600_000).catch(() => undefined);
            if (!event) return;
            const sent = published.get(event.data!.notificationReceived.id);
            if (sent !== undefined) perUser.push(performance.now() - sent);
          }
        })();
        void low.next(600_000).then(() => broadcast.push(performance.now() - broadcastAt), () => undefined);
      }
    }),
  );
  const openSeconds = (performance.now() - t0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // every subscribe message handled, sockets idle
  const rssIdle = pids.map(rssMiB);

  // Per-user events, paced at RATE a second.
  const prisma = t.platform.services.notifications!.prisma as {
    notification: { create(args: { data: Record<string, unknown> }): Promise<{ id: string }> };
  };
  const tPublish = performance.now();
  for (let i = 0; i < users.length; i++) {
    const user = users[i]!;
    const notification = await prisma.notification.create({
      data: { id: randomUUID(), userId: user.id, type: 'STOCK_LOW', title: 'Benchmark', body: 'A benchmark notification.', subjectId: DEMO_IDS.practitioners.doctor, sourceEventId: randomUUID() },
    });
    published.set(notification.id, performance.now());
    await t.platform.live.publish(LIVE_TOPICS.notification(user.id), { eventId: randomUUID(), entityId: notification.id, userId: user.id });
    const due = tPublish + ((i + 1) * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  for (const deadline = Date.now() + 10_000; perUser.length < users.length && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));

  // One broadcast to every subscriber.
  broadcastAt = performance.now();
  await t.platform.live.publish(LIVE_TOPICS.stockLow, { eventId: randomUUID(), entityId: DEMO_MEDICATIONS[0]!.id });
  for (const deadline = Date.now() + 10_000; broadcast.length < users.length && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));

  const perThousand = (i: number) => ((rssIdle[i]! - rssBefore[i]!) / (SUBSCRIBERS / 2)) * 1000;
  const lines = [
    '',
    `  Subscriptions: ${SUBSCRIBERS} WebSocket subscribers (2 subscriptions each) over 2 gateway processes on Redis`,
    `  opened in ${openSeconds.toFixed(1)} s (${OPEN_CONCURRENCY} at a time)`,
    '',
    `  per-user events: ${users.length} at ${RATE}/s, publish → client receipt`,
    line('notificationReceived', perUser),
    `  delivered / expected               ${perUser.length} / ${users.length} (${users.length - perUser.length} lost)`,
    '',
    '  one broadcast (stockLow) to every subscriber, publish → client receipt',
    line('stockLow', broadcast),
    `  delivered / expected               ${broadcast.length} / ${users.length}; all within ${Math.max(...broadcast).toFixed(0)} ms`,
    '',
    ...pids.map((_, i) => `  gateway ${i + 1} RSS: ${rssBefore[i]!.toFixed(0)} MiB before, ${rssIdle[i]!.toFixed(0)} MiB with ${SUBSCRIBERS / 2} idle connections → ${perThousand(i).toFixed(1)} MiB per 1,000`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
} finally {
  await Promise.all(clients.map((c) => c.dispose().catch(() => undefined)));
  await Promise.all(gateways.map((g) => g.stop()));
  await t.stop();
  // The receivers above wait on long timers of their own; the figures are printed, so end here.
  process.exit(0);
}
