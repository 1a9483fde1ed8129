/** Clinical dates and times: onset dates are calendar dates not in the future; effective times are not in the future either. */
import { badUserInput } from '@caregraph/errors';
import { parseDate } from '@caregraph/validation';

/** A few minutes of clock difference between a device and the server is not "the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

export function onsetDate(value: string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  let date: string;
  try {
    date = parseDate(value);
  } catch {
    throw badUserInput('onsetDate must be a date in the form YYYY-MM-DD.', 'onsetDate');
  }
  if (date > new Date().toISOString().slice(0, 10)) throw badUserInput('onsetDate cannot be in the future.', 'onsetDate');
  if (date < '1900-01-01') throw badUserInput('onsetDate must be on or after 1900-01-01.', 'onsetDate');
  return new Date(`${date}T00:00:00.000Z`);
}

export function effectiveAt(value: Date | string | null | undefined): Date {
  if (value === null || value === undefined) return new Date();
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw badUserInput('effectiveAt must be an ISO 8601 date-time.', 'effectiveAt');
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw badUserInput('effectiveAt cannot be in the future.', 'effectiveAt');
  return at;
}
