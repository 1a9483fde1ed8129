/** A practitioner's weekly availability: who may set it, its validation, and the free slots computed from it. */
import { randomUUID } from 'node:crypto';
import { assertSignedIn, type KnownPractitioners } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { badUserInput, forbidden, notFound, unauthenticated } from '@caregraph/errors';
import { parseDate, requireId } from '@caregraph/validation';
import type { Availability, PrismaClient, Weekday } from '../generated/prisma/client';
import { HOLDS_TIME } from './lifecycle';
import { freeOf, requireTime, requireTimeZone, slotsOfAll, type Slot, type WeeklyHours } from './slots';

export type SetAvailabilityInput = {
  practitionerId: string;
  weekdays: Weekday[];
  startTime: string;
  endTime: string;
  /** Default 30. */
  slotMinutes?: number | null;
  timeZone?: string | null;
  validFrom: string;
  validTo?: string | null;
};

/** One practitioner's free slots in [from, to): the key of the per-request loader that batches them. */
export type SlotQuery = { practitionerId: string; from: Date; to: Date };

/** The longest window `availability(from, to)` and `Practitioner.appointments(from, to)` answer (docs/api.md). */
export const MAX_WINDOW_DAYS = 31;
const DAY = 86_400_000;
const DEFAULT_SLOT_MINUTES = 30;
/** Practitioners who see patients, and so have hours to book. */
const BOOKABLE_ROLES = ['DOCTOR', 'NURSE'];
/** How long a command waits for a practitioner created a moment ago to be announced (see KnownPractitioners.find). */
const ANNOUNCEMENT_WAIT_MS = 2_000;

/** The last day a Date scalar can name: hours up to it are open-ended, and no day follows it. */
const LAST_DAY = '9999-12-31';

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const toDay = (date: string) => new Date(`${date}T00:00:00.000Z`);
const addDays = (date: string, days: number) => dayOf(new Date(toDay(date).getTime() + days * DAY));

/** An availability row as the slot arithmetic reads it. */
export const weeklyHours = (row: Availability): WeeklyHours => ({ ...row, validFrom: dayOf(row.validFrom), validTo: row.validTo ? dayOf(row.validTo) : null });

/** A window of at most MAX_WINDOW_DAYS with `from` before `to`, else BAD_USER_INPUT. */
export function requireWindow(from: Date, to: Date): { from: Date; to: Date } {
  if (!(from < to)) throw badUserInput('`from` must be before `to`.', 'to');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) throw badUserInput(`The window from \`from\` to \`to\` may be at most ${MAX_WINDOW_DAYS} days.`, 'to');
  return { from, to };
}

/** ADMIN sets anyone's hours; a DOCTOR only their own. */
function assertMaySetAvailability(viewer: Viewer | undefined, practitionerId: string): asserts viewer is Viewer {
  if (!viewer) throw unauthenticated();
  if (viewer.role === 'ADMIN') return;
  if (viewer.role === 'DOCTOR' && viewer.practitionerId === practitionerId) return;
  throw forbidden(viewer.role === 'DOCTOR' ? 'A doctor may set only their own availability.' : 'Only ADMIN, or a DOCTOR for themself, may set availability.');
}

export class AvailabilityService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly knownPractitioners: KnownPractitioners,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Sets a practitioner's weekly hours from `validFrom` (to `validTo`, or open-ended): whatever hours were set for
   * those days before give way, hours outside them stay. Appointments already booked are kept as they are.
   */
  async set(viewer: Viewer | undefined, input: SetAvailabilityInput, id: string = randomUUID()) {
    const practitionerId = requireId(input.practitionerId, 'practitionerId');
    assertMaySetAvailability(viewer, practitionerId);
    const hours = validate(input);
    const practitioner = await this.knownPractitioners.find(practitionerId, { waitMs: ANNOUNCEMENT_WAIT_MS });
    if (!practitioner) throw notFound('Practitioner', practitionerId);
    if (!BOOKABLE_ROLES.includes(practitioner.role))
      throw badUserInput(`A ${practitioner.role} has no appointments: only ${BOOKABLE_ROLES.join(' and ')} practitioners have availability.`, 'practitionerId');
    return this.prisma.$transaction(async (tx) => {
      const overlapping = await tx.availability.findMany({
        where: { practitionerId, validFrom: { lte: toDay(hours.validTo ?? LAST_DAY) }, OR: [{ validTo: null }, { validTo: { gte: toDay(hours.validFrom) } }] },
      });
      for (const old of overlapping) {
        const { id: oldId, createdAt: _createdAt, ...rest } = old;
        await tx.availability.delete({ where: { id: oldId } });
        // The parts of the old hours before and after the new ones still hold.
        if (dayOf(old.validFrom) < hours.validFrom) await tx.availability.create({ data: { ...rest, id: randomUUID(), validTo: toDay(addDays(hours.validFrom, -1)) } });
        // Nothing follows the last day: its next day would be year 10000, which a stored date cannot be read back as.
        if (hours.validTo && hours.validTo < LAST_DAY && (!old.validTo || dayOf(old.validTo) > hours.validTo))
          await tx.availability.create({ data: { ...rest, id: randomUUID(), validFrom: toDay(addDays(hours.validTo, 1)) } });
      }
      return tx.availability.create({
        data: { ...hours, id, practitionerId, weekdays: [...hours.weekdays], validFrom: toDay(hours.validFrom), validTo: hours.validTo ? toDay(hours.validTo) : null },
      });
    });
  }

  /** The weekly hours that apply today or later, readable by every signed-in user (patients book with them). */
  async currentHours(viewer: Viewer | undefined, practitionerId: string, load: (practitionerId: string) => Promise<Availability[]>) {
    assertSignedIn(viewer);
    return load(practitionerId);
  }

  /** Loader backend of `currentHours`, for many practitioners in one statement; its callers have authorized. */
  batchCurrentHours(practitionerIds: readonly string[]) {
    const today = toDay(dayOf(this.now()));
    return this.prisma.availability.findMany({
      where: { practitionerId: { in: [...practitionerIds] }, OR: [{ validTo: null }, { validTo: { gte: today } }] },
      orderBy: [{ validFrom: 'asc' }, { id: 'asc' }],
    });
  }

  /** Free slots of one practitioner in a bounded window (every signed-in user); `load` is the request's loader. */
  async freeSlotsOf(viewer: Viewer | undefined, practitionerId: string, from: Date, to: Date, load: (query: SlotQuery) => Promise<Slot[]>) {
    assertSignedIn(viewer);
    return load({ practitionerId, ...requireWindow(from, to) });
  }

  /** Loader backend of `freeSlotsOf`: many (practitioner, window) queries, two SQL statements in all; callers have authorized. */
  async batchFreeSlots(queries: readonly SlotQuery[]): Promise<Slot[][]> {
    if (queries.length === 0) return [];
    const ids = [...new Set(queries.map((q) => q.practitionerId))];
    const from = new Date(Math.min(...queries.map((q) => q.from.getTime())));
    const to = new Date(Math.max(...queries.map((q) => q.to.getTime())));
    const [rules, taken] = await Promise.all([
      this.rulesAround(ids, from, to),
      this.prisma.appointment.findMany({
        where: { practitionerId: { in: ids }, status: { in: [...HOLDS_TIME] }, startAt: { lt: to }, endAt: { gt: from } },
        select: { practitionerId: true, startAt: true, endAt: true },
      }),
    ]);
    const now = this.now();
    return queries.map((q) =>
      freeOf(
        slotsOfAll(rules.filter((r) => r.practitionerId === q.practitionerId).map(weeklyHours), q.from, q.to),
        taken.filter((t) => t.practitionerId === q.practitionerId),
        now,
      ),
    );
  }

  /** The slot of the practitioner's hours that starts exactly at `start`, whether free or not; null if there is none. */
  async slotAt(practitionerId: string, start: Date): Promise<Slot | null> {
    const rules = await this.rulesAround([practitionerId], start, start);
    return slotsOfAll(rules.map(weeklyHours), start, new Date(start.getTime() + 1)).find((slot) => slot.start.getTime() === start.getTime()) ?? null;
  }

  /** Hours that may hold a slot in [from, to]: a day of slack either side, since validity is in local calendar days. */
  private rulesAround(practitionerIds: string[], from: Date, to: Date) {
    return this.prisma.availability.findMany({
      where: {
        practitionerId: { in: practitionerIds },
        validFrom: { lte: new Date(to.getTime() + 2 * DAY) },
        OR: [{ validTo: null }, { validTo: { gte: new Date(from.getTime() - 2 * DAY) } }],
      },
    });
  }
}

function validate(input: SetAvailabilityInput) {
  const weekdays = [...new Set(input.weekdays)];
  if (weekdays.length === 0) throw badUserInput('Give at least one weekday.', 'weekdays');
  const slotMinutes = input.slotMinutes ?? DEFAULT_SLOT_MINUTES;
  const start = requireTime(input.startTime, 'startTime');
  const end = requireTime(input.endTime, 'endTime');
  if (start >= end) throw badUserInput('startTime must be before endTime (hours that cross midnight are not supported).', 'endTime');
  if (!Number.isInteger(slotMinutes) || slotMinutes < 5 || slotMinutes > 480)
    throw badUserInput('slotMinutes must be a whole number of minutes from 5 to 480.', 'slotMinutes');
  if (end - start < slotMinutes) throw badUserInput('The hours must be at least one slot long.', 'slotMinutes');
  const validFrom = requireDay(input.validFrom, 'validFrom');
  const validTo = input.validTo ? requireDay(input.validTo, 'validTo') : null;
  if (validTo && validTo < validFrom) throw badUserInput('validTo must not be before validFrom.', 'validTo');
  return {
    weekdays,
    startTime: input.startTime.trim(),
    endTime: input.endTime.trim(),
    slotMinutes,
    timeZone: requireTimeZone(input.timeZone ?? 'UTC'),
    validFrom,
    validTo,
  };
}

function requireDay(value: string, field: string): string {
  try {
    return parseDate(value);
  } catch {
    throw badUserInput(`${field} must be a date in the form YYYY-MM-DD.`, field);
  }
}

