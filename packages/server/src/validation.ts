/** Input rules shared by every context (emails, names, dates, phones, ids): each failure is BAD_USER_INPUT naming the field. */
import { badUserInput } from '@caregraph/errors';
import { parseDate } from './scalars';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,18}[0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Emails are compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 254 || !EMAIL.test(normalized)) throw badUserInput('Enter a valid email address, e.g. name@example.org.', 'email');
  return normalized;
}

/** A required text (a name, a relationship): trimmed, not empty, at most `max` characters. */
export function requireName(value: string, field: string, max = 100): string {
  const name = value.trim();
  if (name.length === 0) throw badUserInput(`${field} must not be empty.`, field);
  if (name.length > max) throw badUserInput(`${field} must be at most ${max} characters.`, field);
  return name;
}

/** An optional text: trimmed; blank becomes null. */
export function optionalText(value: string | null | undefined, field: string, max = 200): string | null {
  const text = value?.trim();
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
  const phone = value.trim();
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
