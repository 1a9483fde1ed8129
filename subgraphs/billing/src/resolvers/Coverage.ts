/** Coverage: the patient and the insurer organization as federation references. */
import type { CoverageResolvers } from '../generated/graphql';

export const Coverage: CoverageResolvers = {
  patient: (coverage) => ({ id: coverage.patientId }),
  insurer: (coverage) => ({ id: coverage.insurerId }),
};
