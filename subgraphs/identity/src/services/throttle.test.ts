/** The sign-in throttle on its own (memory counters): atomic under concurrency, narrowest budget first, success forgiven. */
import { describe, expect, it } from 'vitest';
import { THROTTLE_DEFAULTS } from '@caregraph/config';
import { Throttle } from './throttle';

const outcome = (promise: Promise<unknown>) => promise.then(() => 'taken', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));

describe('Throttle', () => {
  it('gives exactly the remaining attempts to a burst of concurrent sign-ins', async () => {
    const throttle = Throttle.create({ throttle: THROTTLE_DEFAULTS });
    for (let i = 0; i < 4; i++) await throttle.beginLogin('a@example.org', '10.0.0.1');
    const burst = await Promise.all(Array.from({ length: 11 }, () => outcome(throttle.beginLogin('a@example.org', '10.0.0.1'))));
    expect(burst.filter((o) => o === 'taken')).toHaveLength(1);
    expect(burst.filter((o) => o === 'RATE_LIMITED')).toHaveLength(10);
  });

  it('does not charge the account-wide budget for attempts refused by a narrower one', async () => {
    const throttle = Throttle.create({ throttle: { ...THROTTLE_DEFAULTS, accountFailures: 7 } });
    for (let i = 0; i < 20; i++) await outcome(throttle.beginLogin('b@example.org', '10.0.0.2')); // 5 taken, 15 refused
    // 5 of the account's 7 are spent: two more addresses get one and one attempt, then the account is closed.
    expect(await outcome(throttle.beginLogin('b@example.org', '10.0.0.3'))).toBe('taken');
    expect(await outcome(throttle.beginLogin('b@example.org', '10.0.0.4'))).toBe('taken');
    expect(await outcome(throttle.beginLogin('b@example.org', '10.0.0.5'))).toBe('RATE_LIMITED');
  });

  it('gives a successful sign-in its points back and forgives the address its failures on that account', async () => {
    const throttle = Throttle.create({ throttle: THROTTLE_DEFAULTS });
    for (let i = 0; i < 4; i++) await throttle.beginLogin('c@example.org', '10.0.0.6');
    await (await throttle.beginLogin('c@example.org', '10.0.0.6')).succeeded();
    for (let i = 0; i < 5; i++) expect(await outcome(throttle.beginLogin('c@example.org', '10.0.0.6'))).toBe('taken');
    const refused = await throttle.beginLogin('c@example.org', '10.0.0.6').catch((error: { extensions: Record<string, unknown> }) => error.extensions);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  });
});
