/** The sliding-window budgets on their own, with in-memory counters and a clock the test moves. */
import { afterEach, describe, expect, it } from 'vitest';
import { RATE_LIMIT_DEFAULTS, type RateLimitConfig } from '@caregraph/config';
import { addressKey, RateLimits, type Caller, type OperationClass } from './rate-limits';

const WINDOW_MS = 60_000;
const budgets: RateLimitConfig = { ...RATE_LIMIT_DEFAULTS, reads: { perUser: 10, perAddress: 15 }, writes: { perUser: 3, perAddress: 100 }, windowSeconds: 60 };

let clock = 0;
let limits: RateLimits;
const start = (at: number) => {
  clock = at;
  limits = RateLimits.create(budgets, undefined, () => clock);
};
afterEach(() => limits.close());

/** How many of `n` operations are admitted, and the last refusal's wait. */
async function send(n: number, caller: Caller, operationClass: OperationClass = 'reads') {
  let admitted = 0;
  let retryAfterSeconds: number | undefined;
  for (let i = 0; i < n; i++) {
    const refusal = await limits.admit(operationClass, caller);
    if (refusal) retryAfterSeconds = refusal.extensions.retryAfterSeconds as number;
    else admitted++;
  }
  return { admitted, retryAfterSeconds };
}

const alice = { userId: 'alice', address: '10.0.0.1' };

describe('rate limits', () => {
  it('admits a budget, then refuses with RATE_LIMITED and the wait, and refused operations do not count', async () => {
    start(5 * WINDOW_MS);
    expect(await send(10, alice)).toEqual({ admitted: 10, retryAfterSeconds: undefined });
    const refusal = await limits.admit('reads', alice);
    // Ten in the next window's previous one leave room for one 6 s into it: 10 × (1 − 0.1) + 1 ≤ 10.
    expect(refusal?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 66 });
    expect(refusal?.message).toBe('Too many queries from this account: try again in 66 seconds.');
    // Hammering while refused changes nothing: the wait stays true.
    expect((await send(50, alice)).admitted).toBe(0);
    clock += 65_000;
    expect(await limits.admit('reads', alice)).toBeDefined();
    clock += 1_000;
    expect(await limits.admit('reads', alice)).toBeUndefined();
  });

  it('slides: a budget spent at the end of a window is not spent again at the start of the next', async () => {
    start(7 * WINDOW_MS + 55_000);
    expect((await send(10, alice)).admitted).toBe(10);
    // A fixed window would admit ten more here; the previous window still weighs 59/60 of its ten.
    clock = 8 * WINDOW_MS + 1_000;
    const early = await send(1, alice);
    expect(early.admitted).toBe(0);
    // The wait is the moment the weighted count leaves room for one: 10 × (1 − e) + 1 ≤ 10 at e = 0.1, i.e. 6 s into the window.
    expect(early.retryAfterSeconds).toBe(5);
    clock = 8 * WINDOW_MS + 6_000;
    expect((await send(1, alice)).admitted).toBe(1);
    // 55 s into the window 10 × 5/60 ≈ 0.8 is left of the previous window: eight more fit beside the one above.
    clock = 8 * WINDOW_MS + 55_000;
    expect((await send(10, alice)).admitted).toBe(8);
  });

  it('counts a signed-in caller per account and per address, and an anonymous one per address only', async () => {
    start(0);
    expect((await send(10, alice)).admitted).toBe(10);
    // The account is spent from every address.
    expect((await limits.admit('reads', { userId: 'alice', address: '10.0.0.2' }))?.message).toMatch(/this account/);
    // The address has 5 of its 15 left (refusals gave their points back), for anyone.
    expect((await send(6, { userId: 'bob', address: '10.0.0.1' })).admitted).toBe(5);
    const anonymous = await limits.admit('reads', { address: '10.0.0.1' });
    expect(anonymous?.message).toMatch(/^Too many queries from your network address: try again in \d+ seconds\.$/);
    // Another address is untouched.
    expect((await send(15, { address: '10.0.0.3' })).admitted).toBe(15);
  });

  it('counts an IPv6 address by its /64, and an IPv4-mapped one as IPv4', async () => {
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey('::ffff:10.0.0.1')).toBe('10.0.0.1'); // asked again: from memory
    start(0);
    expect((await send(15, { address: '2001:db8:1:2::1' })).admitted).toBe(15);
    expect((await send(1, { address: '2001:db8:1:2::2' })).admitted).toBe(0);
    expect((await send(1, { address: '2001:db8:1:3::1' })).admitted).toBe(1);
    expect((await send(15, { address: '10.0.0.1' })).admitted).toBe(15);
    expect((await send(1, { address: '::ffff:10.0.0.1' })).admitted).toBe(0);
  });

  it('keeps separate budgets for reads, writes and subscriptions', async () => {
    start(0);
    expect((await send(4, alice, 'writes')).admitted).toBe(3);
    expect((await send(10, alice, 'reads')).admitted).toBe(10);
    expect((await send(budgets.subscriptions.perUser, alice, 'subscriptions')).admitted).toBe(budgets.subscriptions.perUser);
    expect((await limits.admit('writes', alice))?.message).toMatch(/^Too many mutations/);
    expect((await limits.admit('subscriptions', alice))?.message).toMatch(/^Too many new subscriptions/);
  });
});
