/** LabTest fields: ranges as exact decimal strings ("3.5", not "3.5000"). */
import type { LabTestResolvers } from '../generated/graphql';

export const LabTest: LabTestResolvers = {
  referenceLow: (test) => test.referenceLow.toString(),
  referenceHigh: (test) => test.referenceHigh.toString(),
  criticalLow: (test) => test.criticalLow?.toString() ?? null,
  criticalHigh: (test) => test.criticalHigh?.toString() ?? null,
};
