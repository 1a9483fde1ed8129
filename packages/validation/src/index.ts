/** Input rules shared by every context (text, emails, names, dates, phones, ids): each failure is BAD_USER_INPUT naming the field. */
import { badUserInput } from '@caregraph/errors';
import { GraphQLError } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date kept as its `YYYY-MM-DD` string, so no time zone can shift it (the Date scalar uses it too). */
export function parseDate(value: unknown): string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) throw new GraphQLError('Date must be a calendar date in the form YYYY-MM-DD.');
  return value as string;
}

// C0 controls (NUL included: PostgreSQL text cannot hold it), DEL and C1 controls; lone surrogates are not text either.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL_OR_NEWLINE = /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The one text sanitiser every text input passes: control characters are refused (not stripped, so what is stored
 * is what was sent). Single-line by default; `multiline` allows tab, line feed and carriage return.
 */
export function plainText(value: string, field: string, options: { multiline?: boolean } = {}): string {
  if ((options.multiline ? CONTROL : CONTROL_OR_NEWLINE).test(value))
    throw badUserInput(`${field} must not contain control characters${options.multiline ? '' : ' or line breaks'}.`, field);
  return value;
}

/** An optional search or filter text: sanitised and trimmed; blank becomes undefined. */
export function optionalSearch(value: string | null | undefined, field: string, max = 100): string | undefined {
  const text = value === null || value === undefined ? '' : plainText(value, field).trim();
  if (text.length > max) throw badUserInput(`${field} must be at most ${max} characters.`, field);
  return text || undefined;
}

/** Escapes LIKE/ILIKE wildcards so that a search for "%" or "_" finds those characters, not everything. */
export const escapeLike = (term: string) => term.replace(/[\\%_]/g, '\\$&');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,18}[0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Emails are compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  const normalized = plainText(email, 'email').trim().toLowerCase();
  if (normalized.length > 254 || !EMAIL.test(normalized)) throw badUserInput('Enter a valid email address, e.g. name@example.org.', 'email');
  return normalized;
}

/** A required text (a name, a relationship; `multiline` for free text such as a clinical note): trimmed, not empty, at most `max` characters. */
export function requireName(value: string, field: string, max = 100, options: { multiline?: boolean } = {}): string {
  const name = plainText(value, field, options).trim();
  if (name.length === 0) throw badUserInput(`${field} must not be empty.`, field);
  if (name.length > max) throw badUserInput(`${field} must be at most ${max} characters.`, field);
  return name;
}

/** An optional text: trimmed; blank becomes null. */
export function optionalText(value: string | null | undefined, field: string, max = 200): string | null {
  const text = value === null || value === undefined ? '' : plainText(value, field).trim();
  if (!text) return null;
  if (text.length > max) throw badUserInput(`${field} must be at most ${max} characters.`, field);
  return text;
}

/** A birth date is a real calendar date, not in the future and not before 1900. */
export function requireBirthDate(value: string, today = new Date()): string {
  let date: string;
  try {
    date = parseDate(value);
  } catch {
    throw badUserInput('birthDate must be a date in the form YYYY-MM-DD.', 'birthDate');
  }
  if (date > today.toISOString().slice(0, 10)) throw badUserInput('birthDate cannot be in the future.', 'birthDate');
  if (date < '1900-01-01') throw badUserInput('birthDate must be on or after 1900-01-01.', 'birthDate');
  return date;
}

export function optionalPhone(value: string | null | undefined, field = 'phone'): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const phone = plainText(value, field).trim();
  if (!PHONE.test(phone)) throw badUserInput(`Enter ${field} with digits only, optionally starting with + (e.g. +1 555 0100).`, field);
  return phone;
}

export function requirePhone(value: string, field = 'phone'): string {
  const phone = optionalPhone(value, field);
  if (!phone) throw badUserInput(`${field} must not be empty.`, field);
  return phone;
}

export const isUuid = (value: string) => UUID.test(value);

/** An id argument: a UUID, else BAD_USER_INPUT (so a typo is not reported as "not found"). */
export function requireId(value: string, field = 'id'): string {
  if (!UUID.test(value)) throw badUserInput(`${field} must be a UUID.`, field);
  return value.toLowerCase();
}

export function optionalId(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!UUID.test(value)) throw badUserInput(`${field} must be a UUID.`, field);
  return value.toLowerCase();
}

const LOINC = /^(\d{1,7})-(\d)$/;

/** LOINC's check digit of the code's number part: the mod-10 (Luhn) algorithm of the LOINC users' guide. */
export function loincCheckDigit(number: string): number {
  let sum = 0;
  [...number].reverse().forEach((char, i) => {
    const digit = Number(char);
    // The rightmost digit and every second one from it are doubled, and the digits of the product added.
    const value = i % 2 === 0 ? digit * 2 : digit;
    sum += value > 9 ? value - 9 : value;
  });
  return (10 - (sum % 10)) % 10;
}

/** A LOINC code with a correct check digit, e.g. `8480-6` (ehr's observations, lab's tests). */
export function requireLoinc(code: string, field = 'code'): string {
  const trimmed = code.trim();
  const match = LOINC.exec(trimmed);
  if (!match) throw badUserInput(`${field} "${code}" is not a LOINC code: digits, a dash and a check digit (e.g. 8480-6).`, field);
  const expected = loincCheckDigit(match[1]!);
  if (Number(match[2]) !== expected) throw badUserInput(`${field} "${code}" has a wrong LOINC check digit: did you mean ${match[1]}-${expected}?`, field);
  return trimmed;
}

/** The form of the shared Decimal scalar: up to 15 digits, optionally a sign and up to 4 decimal places. */
export const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;

/** An exact decimal kept as its string (e.g. a lab value "5.40"), never a float. */
export function requireDecimal(value: string, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!DECIMAL.test(text)) throw badUserInput(`${field} must be a number written as a decimal string with at most 4 decimal places (e.g. "5.4"), not ${JSON.stringify(value)}.`, field);
  return text;
}

/** A whole number of things (units, refills) between `min` and `max`, else BAD_USER_INPUT naming the field. */
export function requireCount(value: number, field: string, { min = 1, max }: { min?: number; max: number }): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badUserInput(`${field} must be a whole number from ${min} to ${max}.`, field);
  return value;
}
