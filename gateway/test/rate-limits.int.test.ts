/**
 * Gateway rate limits through the real gateway, in both run modes, with small budgets: each scenario sends from its
 * own loopback address (127.0.x.y) and as its own demo account, so scenarios never spend each other's budgets. In
 * postgres mode the counters live in Redis and a second gateway process shares them.
 */
import { describe, expect, it } from 'vitest';
import { MODES, errorCodes, openLiveClient, realServicesMissing, startGatewayReplica, subscribe, useTestPlatform, type GraphQLResponse } from '@caregraph/testkit';

const servicesMissing = await realServicesMissing('gateway rate limit');

const ME = '{ me { id } }';
const MARK_READ = 'mutation { markNotificationRead(id: "00000000-0000-0000-0000-000000000000") { id } }';
const NOTIFICATIONS = 'subscription { notificationReceived { id } }';
const ENV = {
  RATE_LIMIT_READS_PER_USER: '5',
  RATE_LIMIT_READS_PER_ADDRESS: '8',
  RATE_LIMIT_WRITES_PER_USER: '3',
  // Every demo sign-in comes from 127.0.0.1 as an anonymous write.
  RATE_LIMIT_WRITES_PER_ADDRESS: '50',
  RATE_LIMIT_SUBSCRIPTIONS_PER_USER: '2',
  RATE_LIMIT_SUBSCRIPTIONS_PER_ADDRESS: '50',
  // Long, so the previous window's weight barely slides during a test.
  RATE_LIMIT_WINDOW_SECONDS: '600',
  TRUSTED_PROXIES: '127.0.5.1',
};

type Answer = GraphQLResponse & { status: number; headers: Headers };

/** A refusal as a client sees it over HTTP: 429, `Retry-After` equal to `extensions.retryAfterSeconds`, no data. */
function expectRateLimited(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(errorCodes(answer)).toEqual(['RATE_LIMITED']);
  const wait = answer.errors![0]!.extensions!.retryAfterSeconds as number;
  expect(wait).toBeGreaterThanOrEqual(1);
  // At most the rest of the window plus 1/budget of the next (the window is 600 s, the smallest budget 3).
  expect(wait).toBeLessThanOrEqual(800);
  expect(answer.headers.get('retry-after')).toBe(String(wait));
  expect(answer.data ?? null).toBeNull();
}

const admitted = (answer: Answer) => {
  expect(answer.status).toBe(200);
  expect(errorCodes(answer) ?? []).not.toContain('RATE_LIMITED');
};

describe.each(MODES)('rate limits (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  const { t, tokens } = useTestPlatform(mode, { skip, env: ENV, signIn: ['admin', 'doctor', 'nurse', 'patient', 'patient2', 'pharmacist', 'labtech', 'billing'] });

  it.skipIf(skip)('refuses a signed-in reader over budget with 429 and Retry-After before any subgraph runs, wherever the account calls from', async () => {
    for (let i = 0; i < 5; i++) admitted(await t.request(ME, { token: tokens.doctor, from: '127.0.1.1' }));
    t.queries.reset();
    const refused = await t.request(ME, { token: tokens.doctor, from: '127.0.1.1' });
    expectRateLimited(refused);
    expect(refused.errors![0]!.message).toMatch(/^Too many queries from this account: try again in \d+ seconds\.$/);
    expect(t.queries.count()).toBe(0);
    // The account's budget follows it to another address; another account elsewhere is unaffected.
    expectRateLimited(await t.request(ME, { token: tokens.doctor, from: '127.0.1.2' }));
    admitted(await t.request(ME, { token: tokens.nurse, from: '127.0.1.3' }));
  });

  it.skipIf(skip)('counts anonymous requests by address only, and an address budget over every account on it', async () => {
    for (let i = 0; i < 5; i++) admitted(await t.request('{ __typename }', { from: '127.0.2.1' }));
    // Three left on the address: another account's reads spend them too.
    for (let i = 0; i < 3; i++) admitted(await t.request(ME, { token: tokens.patient2, from: '127.0.2.1' }));
    const refused = await t.request('{ __typename }', { from: '127.0.2.1' });
    expectRateLimited(refused);
    expect(refused.errors![0]!.message).toMatch(/from your network address/);
    expectRateLimited(await t.request(ME, { token: tokens.billing, from: '127.0.2.1' }));
    admitted(await t.request('{ __typename }', { from: '127.0.2.2' }));
  });

  it.skipIf(skip)('counts the address X-Forwarded-For names only when a trusted proxy sends it', async () => {
    const viaProxy = (client: string) => t.request('{ __typename }', { from: '127.0.5.1', headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 8; i++) admitted(await viaProxy('203.0.113.7'));
    expectRateLimited(await viaProxy('203.0.113.7'));
    // The proxy's other clients keep their own budgets; an untrusted sender's header is ignored (it is counted itself).
    admitted(await viaProxy('203.0.113.8'));
    admitted(await t.request('{ __typename }', { from: '127.0.5.2', headers: { 'x-forwarded-for': '203.0.113.7' } }));
  });

  it.skipIf(skip)('keeps reads and writes apart: a spent write budget leaves reads, and a spent read budget leaves writes', async () => {
    for (let i = 0; i < 3; i++) admitted(await t.request(MARK_READ, { token: tokens.pharmacist, from: '127.0.3.1' }));
    const refused = await t.request(MARK_READ, { token: tokens.pharmacist, from: '127.0.3.1' });
    expectRateLimited(refused);
    expect(refused.errors![0]!.message).toMatch(/^Too many mutations/);
    admitted(await t.request(ME, { token: tokens.pharmacist, from: '127.0.3.1' }));

    for (let i = 0; i < 5; i++) admitted(await t.request(ME, { token: tokens.labtech, from: '127.0.3.2' }));
    expectRateLimited(await t.request(ME, { token: tokens.labtech, from: '127.0.3.2' }));
    admitted(await t.request(MARK_READ, { token: tokens.labtech, from: '127.0.3.2' }));
  });

  it.skipIf(skip)('refuses a subscribe over the subscriptions budget with an error message of its own; the others keep running', async () => {
    const live = openLiveClient(t.url, tokens.patient);
    const other = openLiveClient(t.url, tokens.admin);
    try {
      await Promise.all([live.connected, other.connected]);
      // Subscribe messages are handled concurrently: exactly one of the three is over the budget of two.
      const subscriptions = [0, 1, 2].map(() => subscribe(live, NOTIFICATIONS));
      const [first] = await Promise.race(subscriptions.map(async (s, index) => [await s.ended, index] as const));
      expect(first?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
      expect(first?.[0]?.extensions).toMatchObject({ retryAfterSeconds: expect.any(Number) });
      expect(first?.[0]?.message).toMatch(/^Too many new subscriptions from this account/);
      const ended = await Promise.all(subscriptions.map((s) => Promise.race([s.ended.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))])));
      expect(ended.filter(Boolean)).toHaveLength(1);
      // Another account subscribes as usual, and queries over the same socket pay the reads budget, not this one.
      const others = subscribe(other, NOTIFICATIONS);
      const query = subscribe(live, ME);
      expect((await query.next()).data).toMatchObject({ me: { id: expect.any(String) } });
      expect(await Promise.race([others.ended.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('running'), 300))])).toBe('running');
    } finally {
      await Promise.all([live.dispose(), other.dispose()]);
    }
  });

  // Redis is what the replicas share, so this one exists in postgres mode only.
  if (mode === 'postgres')
    it.skipIf(skip)('shares budgets between gateway replicas: over budget on one is over budget on both, others unaffected', async () => {
      const second = await startGatewayReplica(t);
      try {
        const urls = [t.url, second.url];
        for (let i = 0; i < 5; i++) admitted(await t.request(ME, { token: tokens.admin, from: '127.0.4.1', url: urls[i % 2] }));
        for (const url of urls) expectRateLimited(await t.request(ME, { token: tokens.admin, from: '127.0.4.1', url }));
        for (const url of urls) admitted(await t.request(ME, { token: tokens.nurse, from: '127.0.4.2', url }));
      } finally {
        await second.process.stop();
      }
    }, 90_000);
});
