/** The clinical record's lifecycle tables: encounters finish once, entered-in-error is final, refusals name what is allowed. */
import { describe, expect, it } from 'vitest';
import { thrownBy as conflictOf } from '@caregraph/testkit';
import { assertTransition, CLINICAL_STATUS_TRANSITIONS, clinicalState, ENCOUNTER_TRANSITIONS } from './lifecycles';


describe('clinical lifecycles', () => {
  it('finishes an encounter once', () => {
    expect(conflictOf(() => assertTransition(ENCOUNTER_TRANSITIONS, 'encounter', 'IN_PROGRESS', 'FINISHED'))).toBeUndefined();
    expect(conflictOf(() => assertTransition(ENCOUNTER_TRANSITIONS, 'encounter', 'FINISHED', 'FINISHED'))).toEqual(['CONFLICT', 'A encounter that is FINISHED cannot change any more.']);
  });

  it('lets a resolved condition recur but never brings back one entered in error', () => {
    expect(conflictOf(() => assertTransition(CLINICAL_STATUS_TRANSITIONS, 'condition', 'RESOLVED', 'ACTIVE'))).toBeUndefined();
    expect(conflictOf(() => assertTransition(CLINICAL_STATUS_TRANSITIONS, 'condition', 'RESOLVED', 'INACTIVE'))).toEqual(['CONFLICT', expect.stringContaining('it can become ACTIVE or ENTERED_IN_ERROR')]);
    for (const to of Object.keys(CLINICAL_STATUS_TRANSITIONS) as (keyof typeof CLINICAL_STATUS_TRANSITIONS)[])
      expect(conflictOf(() => assertTransition(CLINICAL_STATUS_TRANSITIONS, 'condition', 'ENTERED_IN_ERROR', to))?.[0]).toBe('CONFLICT');
  });

  it('reads entered-in-error from the verification status, which outranks the clinical status', () => {
    expect(clinicalState({ clinicalStatus: 'ACTIVE', verificationStatus: 'ENTERED_IN_ERROR' })).toBe('ENTERED_IN_ERROR');
    expect(clinicalState({ clinicalStatus: 'RESOLVED', verificationStatus: 'CONFIRMED' })).toBe('RESOLVED');
  });
});
