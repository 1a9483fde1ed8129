/** Input rules for accounts: each failure is BAD_USER_INPUT naming the field. */
import { badUserInput } from '@caregraph/errors';
import { parseDate } from '@caregraph/server';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,18}[0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Emails are compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 254 || !EMAIL.test(normalized)) throw badUserInput('Enter a valid email address, e.g. name@example.org.', 'email');
  return normalized;
}

export function requireName(value: string, field: string): string {
  const name = value.trim();
  if (name.length === 0) throw badUserInput(`${field} must not be empty.`, field);
  if (name.length > 100) throw badUserInput(`${field} must be at most 100 characters.`, field);
  return name;
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

export function optionalPhone(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const phone = value.trim();
  if (!PHONE.test(phone)) throw badUserInput('Enter the phone number with digits only, optionally starting with + (e.g. +1 555 0100).', 'phone');
  return phone;
}

export function optionalId(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!UUID.test(value)) throw badUserInput(`${field} must be a UUID.`, field);
  return value.toLowerCase();
}
