/** Interpretation from a test's ranges, compared exactly: bounds are inclusive, critical beats low and high. */
import { describe, expect, it } from 'vitest';
import { interpret } from './interpretation';

const potassium = { referenceLow: '3.5', referenceHigh: '5.1', criticalLow: '2.8', criticalHigh: '6.2' };

describe('interpret', () => {
  it('is NORMAL inside the reference range, its bounds included', () => {
    for (const value of ['3.5', '3.50', '4.2', '5.1', '5.1000']) expect(interpret(value, potassium), value).toBe('NORMAL');
  });

  it('is LOW or HIGH just outside the reference range, up to and including the critical bounds', () => {
    for (const value of ['3.4999', '3.4', '2.8', '2.80']) expect(interpret(value, potassium), value).toBe('LOW');
    for (const value of ['5.1001', '5.2', '6.2']) expect(interpret(value, potassium), value).toBe('HIGH');
  });

  it('is CRITICAL beyond a critical bound, on either side', () => {
    for (const value of ['2.7999', '0', '-1', '6.2001', '12']) expect(interpret(value, potassium), value).toBe('CRITICAL');
  });

  it('compares decimals exactly where floats would not (0.1 + 0.2 is not 0.3 in binary)', () => {
    expect(interpret('0.3', { referenceLow: '0.1', referenceHigh: '0.3' })).toBe('NORMAL');
    expect(interpret('0.3001', { referenceLow: '0.1', referenceHigh: '0.3' })).toBe('HIGH');
    expect(interpret('99999999.9999', { referenceLow: '0', referenceHigh: '99999999.9998' })).toBe('HIGH');
  });

  it('has no CRITICAL side where the test defines no critical bound', () => {
    const hba1c = { referenceLow: '4.0', referenceHigh: '5.6', criticalLow: null, criticalHigh: '14.0' };
    expect(interpret('0.5', hba1c)).toBe('LOW');
    expect(interpret('14.0', hba1c)).toBe('HIGH');
    expect(interpret('14.1', hba1c)).toBe('CRITICAL');
  });
});
