/** The prescription lifecycle table: exactly FHIR's moves used here, CONFLICT naming the allowed ones, and the counted quantities. */
import { describe, expect, it } from 'vitest';
import { thrownBy as conflictOf } from '@caregraph/testkit';
import { assertTransition, canTransition, PRESCRIPTION_TRANSITIONS, refillsRemaining, remainingQuantity, totalQuantity } from './lifecycle';

const STATUSES = Object.keys(PRESCRIPTION_TRANSITIONS) as (keyof typeof PRESCRIPTION_TRANSITIONS)[];

describe('prescription lifecycle', () => {
  it('allows exactly ACTIVE ⇄ ON_HOLD, either → CANCELLED, and ACTIVE → COMPLETED', () => {
    const allowed = STATUSES.flatMap((from) => STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(['ACTIVE→CANCELLED', 'ACTIVE→COMPLETED', 'ACTIVE→ON_HOLD', 'ON_HOLD→ACTIVE', 'ON_HOLD→CANCELLED']);
  });

  it('answers any other move with CONFLICT naming what is allowed', () => {
    expect(conflictOf(() => assertTransition('COMPLETED', 'CANCELLED'))).toEqual(['CONFLICT', expect.stringContaining('COMPLETED is final')]);
    expect(conflictOf(() => assertTransition('ON_HOLD', 'ON_HOLD'))).toEqual(['CONFLICT', expect.stringContaining('ACTIVE (resumePrescription), CANCELLED (cancelPrescription)')]);
    expect(conflictOf(() => assertTransition('ACTIVE', 'ON_HOLD'))).toBeUndefined();
  });

  it('counts quantity × (1 + refills) units and the fills left after the one in progress', () => {
    const p = { quantity: 30, refills: 2 };
    expect(totalQuantity(p)).toBe(90);
    expect([0, 10, 30, 31, 60, 89, 90].map((dispensedQuantity) => [remainingQuantity({ ...p, dispensedQuantity }), refillsRemaining({ ...p, dispensedQuantity })])).toEqual([
      [90, 2], [80, 2], [60, 1], [59, 1], [30, 0], [1, 0], [0, 0],
    ]);
  });
});
