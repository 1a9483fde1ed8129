/** The lab order lifecycle table: each mutation from the statuses that allow it, CONFLICT naming what is allowed otherwise. */
import { describe, expect, it } from 'vitest';
import { thrownBy } from '@caregraph/testkit';
import { LAB_ORDER_TRANSITIONS, statusesAllowing, transition } from './lifecycle';

describe('lab order lifecycle', () => {
  it('moves ORDERED → COLLECTED → RESULTED, corrects a RESULTED order in place of status, and cancels before a result', () => {
    expect(transition('ORDERED', 'collectSpecimen')).toBe('COLLECTED');
    expect(transition('COLLECTED', 'recordLabResult')).toBe('RESULTED');
    expect(transition('RESULTED', 'correctLabResult')).toBe('RESULTED');
    expect(transition('ORDERED', 'cancelLabOrder')).toBe('CANCELLED');
    expect(transition('COLLECTED', 'cancelLabOrder')).toBe('CANCELLED');
    expect(statusesAllowing('cancelLabOrder')).toEqual(['ORDERED', 'COLLECTED']);
    expect(statusesAllowing('recordLabResult')).toEqual(['COLLECTED']);
  });

  it('refuses every other move with CONFLICT: a result before collection, collecting twice, cancelling a resulted order', () => {
    expect(thrownBy(() => transition('ORDERED', 'recordLabResult'))).toEqual(['CONFLICT', 'The lab order is ORDERED: recordLabResult is not possible. From ORDERED only collectSpecimen or cancelLabOrder is.']);
    expect(thrownBy(() => transition('COLLECTED', 'collectSpecimen'))?.[0]).toBe('CONFLICT');
    expect(thrownBy(() => transition('RESULTED', 'cancelLabOrder'))?.[0]).toBe('CONFLICT');
    expect(thrownBy(() => transition('COLLECTED', 'correctLabResult'))?.[0]).toBe('CONFLICT');
    for (const action of ['collectSpecimen', 'recordLabResult', 'correctLabResult', 'cancelLabOrder'] as const)
      expect(thrownBy(() => transition('CANCELLED', action))).toEqual(['CONFLICT', expect.stringContaining('CANCELLED is final')]);
    expect(Object.keys(LAB_ORDER_TRANSITIONS.CANCELLED)).toEqual([]);
  });
});
