/** Exact money: amounts are decimal strings from the API and Prisma Decimals from the database, never floats. */
import { badUserInput } from '@caregraph/errors';
import { Prisma } from '../generated/prisma/client';

export const Decimal = Prisma.Decimal;
export type Decimal = Prisma.Decimal;

/** The one currency of this deployment's fee schedule and invoices. */
export const CURRENCY = 'USD';

/** What the Money type resolves from: an amount and its currency. */
export type Amount = { amount: Decimal | string; currency: string };
export const money = (amount: Decimal | string, currency: string): Amount => ({ amount, currency });

/** Two decimal places, as the database stores them: "125.5" → "125.50". */
export const format = (amount: Decimal | string) => new Decimal(amount).toFixed(2);

// @db.Decimal(12, 2): ten digits before the point, two after. A third decimal would be rounded by the database:
// refused instead, so what is stored is what was sent.
const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;

/** A positive amount of money (`allowZero` for a price): BAD_USER_INPUT naming the field otherwise. */
export function requireAmount(value: string, field: string, { allowZero = false } = {}): Decimal {
  if (!AMOUNT.test(value)) throw badUserInput(`${field} must be an amount with at most 10 digits and 2 decimal places, e.g. "125.50".`, field);
  const amount = new Decimal(value);
  if (!allowZero && amount.lte(0)) throw badUserInput(`${field} must be more than 0.`, field);
  return amount;
}
