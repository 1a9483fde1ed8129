/** Slot arithmetic: weekly local hours in an IANA time zone turned into concrete UTC instants, with nothing stored. */
import { badUserInput } from '@caregraph/errors';

export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';
/** Date.getUTCDay() order. */
const WEEKDAYS: Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export type WeeklyHours = {
  weekdays: readonly Weekday[];
  /** "HH:MM", local to `timeZone`. */
  startTime: string;
  endTime: string;
  slotMinutes: number;
  timeZone: string;
  /** YYYY-MM-DD local calendar days, `validTo` inclusive. */
  validFrom: string;
  validTo: string | null;
};
export type Slot = { start: Date; end: Date };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading in `timeZone` at `instant`, as if that reading were UTC (ms since epoch). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatIn(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** The canonical name of an IANA time zone, or BAD_USER_INPUT. */
export function requireTimeZone(value: string, field = 'timeZone'): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value.trim() }).resolvedOptions().timeZone;
  } catch {
    throw badUserInput(`${field} must be an IANA time zone such as America/New_York or UTC.`, field);
  }
}

/** Minutes after local midnight of an "HH:MM" time, or BAD_USER_INPUT. */
export function requireTime(value: string, field: string): number {
  const match = TIME.exec(value.trim());
  if (!match) throw badUserInput(`${field} must be a 24-hour time HH:MM, e.g. 09:00.`, field);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The instant a local date and time denote in `timeZone`. A time skipped by a daylight-saving change does not exist
 * (null); a time that occurs twice is taken the first time, as calendars do.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date | null {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minutes * MINUTE;
  // The zone's offset a day either side covers both sides of any change on this day.
  const offsets = new Set([wallClock(wall - DAY, timeZone) - (wall - DAY), wallClock(wall + DAY, timeZone) - (wall + DAY)]);
  const candidates = [...offsets].map((offset) => wall - offset).filter((instant) => wallClock(instant, timeZone) === wall);
  return candidates.length ? new Date(Math.min(...candidates)) : null;
}

/**
 * The zone's UTC offset (ms) throughout a local day, or null on a day its offset changes. Offsets lie within ±14 h,
 * so the instants 14 h before local midnight and 38 h after it bracket every instant of the day: equal offsets there
 * mean no change in between (zones change at most twice a year). Saves asking Intl for every slot.
 */
function steadyOffset(date: string, timeZone: string): number | null {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const [before, after] = [midnight - 14 * 60 * MINUTE, midnight + 38 * 60 * MINUTE].map((instant) => wallClock(instant, timeZone) - instant);
  return before === after ? before! : null;
}

/** The local calendar day (YYYY-MM-DD) of an instant in `timeZone`. */
export const localDate = (instant: Date, timeZone: string): string => new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 10);

/** The last day a Date can name, and a mark that sorts after every day. */
const LAST_DAY = '9999-12-31';
const END = '\uffff';
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const weekdayOf = (date: string): Weekday => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;

/** Every slot of `hours` that starts in [from, to), in time order. */
export function slotsOf(hours: WeeklyHours, from: Date, to: Date): Slot[] {
  const slots: Slot[] = [];
  const first = requireTime(hours.startTime, 'startTime');
  const last = requireTime(hours.endTime, 'endTime');
  // Local days that can hold a slot starting in the window, whatever the zone's offset.
  // The day after 9999-12-31 prints as "+010000-01…", which sorts before every other day: the walk ends at LAST_DAY.
  let day = addDays(localDate(from, hours.timeZone), -1);
  const next = addDays(localDate(to, hours.timeZone), 1);
  const lastDay = next.startsWith('+') ? LAST_DAY : next;
  for (; day <= lastDay; day = day === LAST_DAY ? END : addDays(day, 1)) {
    if (day < hours.validFrom || (hours.validTo && day > hours.validTo) || !hours.weekdays.includes(weekdayOf(day))) continue;
    const offset = steadyOffset(day, hours.timeZone);
    for (let minutes = first; minutes + hours.slotMinutes <= last; minutes += hours.slotMinutes) {
      const start = offset === null ? zonedInstant(day, minutes, hours.timeZone) : new Date(Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE - offset);
      if (!start || start < from || start >= to) continue;
      slots.push({ start, end: new Date(start.getTime() + hours.slotMinutes * MINUTE) });
    }
  }
  return slots;
}

/** The slots of several weekly schedules in [from, to), one per start time, in time order. */
export function slotsOfAll(schedules: readonly WeeklyHours[], from: Date, to: Date): Slot[] {
  const byStart = new Map<number, Slot>();
  for (const hours of schedules) for (const slot of slotsOf(hours, from, to)) if (!byStart.has(slot.start.getTime())) byStart.set(slot.start.getTime(), slot);
  return [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** Slots that start after `now` and overlap none of the `taken` intervals. */
export const freeOf = (slots: readonly Slot[], taken: readonly { startAt: Date; endAt: Date }[], now: Date): Slot[] =>
  slots.filter((slot) => slot.start > now && !taken.some((t) => t.startAt < slot.end && t.endAt > slot.start));
