/** Clinical dates: calendar onset dates and effective times, never in the future (beyond a little clock skew). */
import { describe, expect, it } from 'vitest';
import { effectiveAt, onsetDate } from './dates';

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
};

describe('clinical dates', () => {
  it('takes an onset as a calendar date, refusing malformed, future and implausibly old ones', () => {
    expect(onsetDate('2020-02-29')?.toISOString()).toBe('2020-02-29T00:00:00.000Z');
    expect(onsetDate(null)).toBeNull();
    for (const bad of ['2021-02-29', '29/02/2020', '2999-01-01', '1850-01-01'])
      expect(codeOf(() => onsetDate(bad))).toEqual({ code: 'BAD_USER_INPUT', field: 'onsetDate' });
  });

  it('defaults an effective time to now and refuses one in the future beyond clock skew', () => {
    const before = Date.now();
    expect(effectiveAt(undefined).getTime()).toBeGreaterThanOrEqual(before);
    expect(effectiveAt(new Date(Date.now() + 60_000)).getTime()).toBeGreaterThan(before);
    expect(codeOf(() => effectiveAt(new Date(Date.now() + 3600_000)))).toEqual({ code: 'BAD_USER_INPUT', field: 'effectiveAt' });
    expect(codeOf(() => effectiveAt('yesterday'))).toEqual({ code: 'BAD_USER_INPUT', field: 'effectiveAt' });
  });
});
