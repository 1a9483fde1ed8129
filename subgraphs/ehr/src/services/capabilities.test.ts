/** Which capability each clinical record needs, held against PATIENT_GRANTS: a nurse writes vitals and notes, a doctor everything. */
import { describe, expect, it } from 'vitest';
import { PATIENT_GRANTS, type PatientCapability } from '@caregraph/access';
import { ALLERGIES_READ, CLINICAL_READ, CLINICAL_WRITE, NOTES_WRITE, OBSERVATION_WRITE } from './capabilities';

const careTeamRoles = (capability: PatientCapability) => PATIENT_GRANTS[capability].careTeam;
const everyone = (capability: PatientCapability) => PATIENT_GRANTS[capability].everyone;

describe('ehr capabilities', () => {
  it('lets the care team and the patient read, and no administrator or billing clerk', () => {
    for (const capability of [CLINICAL_READ, ALLERGIES_READ]) {
      expect(careTeamRoles(capability)).toEqual(['DOCTOR', 'NURSE']);
      expect(PATIENT_GRANTS[capability].own).toBe(true);
      expect(everyone(capability)).toEqual([]);
    }
  });

  it('opens allergies, and nothing else of the record, to pharmacists through a prescription', () => {
    expect(PATIENT_GRANTS[ALLERGIES_READ].related).toEqual({ PHARMACIST: 'prescription' });
    expect(PATIENT_GRANTS[CLINICAL_READ].related).toBeUndefined();
  });

  it('lets a nurse record vital signs and notes but not laboratory results, conditions or allergies', () => {
    expect(careTeamRoles(OBSERVATION_WRITE.VITAL_SIGNS)).toContain('NURSE');
    expect(careTeamRoles(NOTES_WRITE)).toContain('NURSE');
    expect(careTeamRoles(OBSERVATION_WRITE.LABORATORY)).toEqual(['DOCTOR']);
    expect(careTeamRoles(CLINICAL_WRITE)).toEqual(['DOCTOR']);
    for (const capability of [CLINICAL_WRITE, NOTES_WRITE, OBSERVATION_WRITE.VITAL_SIGNS]) expect(PATIENT_GRANTS[capability].own).toBe(false);
  });
});
