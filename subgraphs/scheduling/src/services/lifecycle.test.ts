/** The appointment lifecycle table: exactly FHIR's moves, CONFLICT naming the allowed ones, and paths through it. */
import { describe, expect, it } from 'vitest';
import { thrownBy as conflictOf } from '@caregraph/testkit';
import { APPOINTMENT_TRANSITIONS, assertTransition, canTransition, pathTo } from './lifecycle';

const STATUSES = Object.keys(APPOINTMENT_TRANSITIONS) as (keyof typeof APPOINTMENT_TRANSITIONS)[];

describe('appointment lifecycle', () => {
  it('allows exactly BOOKED → ARRIVED → FULFILLED, BOOKED → CANCELLED | NOSHOW and ARRIVED → CANCELLED', () => {
    const allowed = STATUSES.flatMap((from) => STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(['ARRIVED→CANCELLED', 'ARRIVED→FULFILLED', 'BOOKED→ARRIVED', 'BOOKED→CANCELLED', 'BOOKED→NOSHOW']);
  });

  it('answers any other move with CONFLICT naming what is allowed', () => {
    expect(conflictOf(() => assertTransition('CANCELLED', 'FULFILLED'))).toEqual(['CONFLICT', expect.stringContaining('CANCELLED is final')]);
    expect(conflictOf(() => assertTransition('ARRIVED', 'ARRIVED'))).toEqual(['CONFLICT', expect.stringContaining('FULFILLED (completeAppointment), CANCELLED (cancelAppointment)')]);
    expect(conflictOf(() => assertTransition('BOOKED', 'ARRIVED'))).toBeUndefined();
  });

  it('finds the way from one status to another through the table', () => {
    expect(pathTo('BOOKED', 'FULFILLED')).toEqual(['ARRIVED', 'FULFILLED']);
    expect(pathTo('ARRIVED', 'FULFILLED')).toEqual(['FULFILLED']);
    expect(pathTo('NOSHOW', 'FULFILLED')).toBeNull();
  });
});
