/** The fee schedule: priced billing codes that invoice lines copy their description and price from. */
import { assertRole } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { badUserInput } from '@caregraph/errors';
import { plainText, requireName } from '@caregraph/validation';
import type { PrismaClient } from '../generated/prisma/client';
import { CURRENCY, requireAmount } from './money';

export type FeeScheduleItemInput = { code: string; description: string; unitPrice: string };

// CPT codes are five characters (99213, 0001F); HCPCS level II a letter and four digits (J1100).
const CODE = /^[A-Z0-9]{5}$/;

/** A billing code: trimmed, upper-cased, five letters or digits. */
export function requireCode(value: string, field = 'code'): string {
  const code = plainText(value, field).trim().toUpperCase();
  if (!CODE.test(code)) throw badUserInput(`${field} must be a five-character billing code, e.g. 99213.`, field);
  return code;
}

export class FeeScheduleService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The whole schedule, by code: administrators, billing clerks and patients (what a visit costs). */
  async list(viewer: Viewer | undefined) {
    assertRole(viewer, 'ADMIN', 'BILLING_CLERK', 'PATIENT');
    return this.prisma.feeScheduleItem.findMany({ orderBy: { code: 'asc' } });
  }

  /** Sets a code's description and price; lines already on invoices keep the price they were added with. */
  async set(viewer: Viewer | undefined, input: FeeScheduleItemInput) {
    assertRole(viewer, 'BILLING_CLERK');
    const code = requireCode(input.code);
    const description = requireName(input.description, 'description', 200);
    const unitPrice = requireAmount(input.unitPrice, 'unitPrice', { allowZero: true });
    return this.prisma.feeScheduleItem.upsert({ where: { code }, create: { code, description, unitPrice, currency: CURRENCY }, update: { description, unitPrice } });
  }
}
