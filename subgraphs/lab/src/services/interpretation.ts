/**
 * A result's interpretation from its test's ranges, compared exactly as decimals (never as floats): reference and
 * critical bounds are inclusive, so a value on a bound is the milder interpretation (docs/lab.md).
 */
import { Prisma } from '../generated/prisma/client';
import type { LabInterpretation } from '../generated/prisma/enums';

type Bound = Prisma.Decimal | string;
export type LabRanges = { referenceLow: Bound; referenceHigh: Bound; criticalLow?: Bound | null; criticalHigh?: Bound | null };

export function interpret(value: string, ranges: LabRanges): LabInterpretation {
  const measured = new Prisma.Decimal(value);
  if (ranges.criticalLow != null && measured.lessThan(ranges.criticalLow)) return 'CRITICAL';
  if (ranges.criticalHigh != null && measured.greaterThan(ranges.criticalHigh)) return 'CRITICAL';
  if (measured.lessThan(ranges.referenceLow)) return 'LOW';
  if (measured.greaterThan(ranges.referenceHigh)) return 'HIGH';
  return 'NORMAL';
}
