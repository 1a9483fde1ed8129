/** The lab test catalogue (LOINC, UCUM units, reference and critical ranges): read by everyone signed in, defined by ADMIN. */
import { assertRole, assertSignedIn } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { isUniqueViolation } from '@caregraph/db';
import { badUserInput, conflict } from '@caregraph/errors';
import { requireDecimal, requireLoinc, requireName } from '@caregraph/validation';
import { Prisma, type PrismaClient } from '../generated/prisma/client';

const { Decimal } = Prisma;

export type DefineLabTestInput = {
  code: string;
  name: string;
  unit: string;
  referenceLow: string;
  referenceHigh: string;
  criticalLow?: string | null;
  criticalHigh?: string | null;
};

/** UCUM units are printable and have no spaces (mg/dL, 10*3/uL, mL/min/{1.73_m2}). */
const UCUM = /^[!-~]{1,30}$/;
/** The range columns are numeric(12, 4). */
const MAX_RANGE = new Decimal('99999999');

function range(value: string, field: string): string {
  const decimal = requireDecimal(value, field);
  if (new Decimal(decimal).abs().greaterThan(MAX_RANGE)) throw badUserInput(`${field} must be at most ${MAX_RANGE} in size.`, field);
  return decimal;
}

function optionalRange(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined ? null : range(value, field);
}

export class LabTestService {
  constructor(private readonly prisma: PrismaClient) {}

  list(viewer: Viewer | undefined) {
    assertSignedIn(viewer);
    return this.prisma.labTest.findMany({ orderBy: { code: 'asc' } });
  }

  /** A catalogue entry by (checked) LOINC code, for ordering: BAD_USER_INPUT naming `field` when it is not in the catalogue. */
  async require(code: string, field: string) {
    const loinc = requireLoinc(code, field);
    const test = await this.prisma.labTest.findUnique({ where: { code: loinc } });
    if (!test) throw badUserInput(`${loinc} is not a test of the lab catalogue: pick one of labTests.`, field);
    return test;
  }

  /** Adds a test; its ranges must nest (critical low ≤ reference low ≤ reference high ≤ critical high). */
  async define(viewer: Viewer | undefined, input: DefineLabTestInput) {
    assertRole(viewer, 'ADMIN');
    const code = requireLoinc(input.code);
    const name = requireName(input.name, 'name', 200);
    const unit = input.unit.trim();
    if (!UCUM.test(unit)) throw badUserInput('unit must be a UCUM unit without spaces, e.g. mg/dL.', 'unit');
    const referenceLow = range(input.referenceLow, 'referenceLow');
    const referenceHigh = range(input.referenceHigh, 'referenceHigh');
    const criticalLow = optionalRange(input.criticalLow, 'criticalLow');
    const criticalHigh = optionalRange(input.criticalHigh, 'criticalHigh');
    if (new Decimal(referenceLow).greaterThan(referenceHigh)) throw badUserInput('referenceLow must not be above referenceHigh.', 'referenceLow');
    if (criticalLow !== null && new Decimal(criticalLow).greaterThan(referenceLow)) throw badUserInput('criticalLow must not be above referenceLow.', 'criticalLow');
    if (criticalHigh !== null && new Decimal(criticalHigh).lessThan(referenceHigh)) throw badUserInput('criticalHigh must not be below referenceHigh.', 'criticalHigh');
    try {
      return await this.prisma.labTest.create({ data: { code, name, unit, referenceLow, referenceHigh, criticalLow, criticalHigh } });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`${code} is already in the lab catalogue.`);
      throw error;
    }
  }
}
