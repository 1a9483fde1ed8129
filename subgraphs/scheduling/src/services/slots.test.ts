/** Slot arithmetic without a database: local hours across daylight-saving changes, skipped and repeated times, free slots. */
import { describe, expect, it } from 'vitest';
import { freeOf, localDate, requireTimeZone, slotsOf, zonedInstant, type WeeklyHours } from './slots';

const weekdays = ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const;
const newYork: WeeklyHours = { weekdays, startTime: '09:00', endTime: '17:00', slotMinutes: 30, timeZone: 'America/New_York', validFrom: '2026-01-01', validTo: null };
const iso = (date: Date) => date.toISOString();

describe('slots', () => {
  it('keeps 09:00 local in New York across the March and November daylight-saving changes', () => {
    const firstOfDay = (from: string, to: string) => slotsOf(newYork, new Date(from), new Date(to))[0]!;
    // 2026-03-08 clocks go forward: Friday before is EST (UTC-5), Monday after is EDT (UTC-4).
    expect(iso(firstOfDay('2026-03-06T00:00:00Z', '2026-03-07T00:00:00Z').start)).toBe('2026-03-06T14:00:00.000Z');
    expect(iso(firstOfDay('2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z').start)).toBe('2026-03-09T13:00:00.000Z');
    // 2026-11-01 clocks go back.
    expect(iso(firstOfDay('2026-10-30T00:00:00Z', '2026-10-31T00:00:00Z').start)).toBe('2026-10-30T13:00:00.000Z');
    expect(iso(firstOfDay('2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z').start)).toBe('2026-11-02T14:00:00.000Z');
  });

  it('gives 16 half-hour slots a weekday, none at the weekend, the last ending at 17:00 local', () => {
    const week = slotsOf(newYork, new Date('2026-03-02T00:00:00Z'), new Date('2026-03-09T00:00:00Z'));
    expect(week).toHaveLength(5 * 16);
    expect(iso(week.at(-1)!.end)).toBe('2026-03-06T22:00:00.000Z');
    const uneven = slotsOf({ ...newYork, endTime: '10:00', slotMinutes: 25 }, new Date('2026-03-02T00:00:00Z'), new Date('2026-03-03T00:00:00Z'));
    expect(uneven.map((s) => iso(s.start))).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-02T14:25:00.000Z']);
  });

  // Found by fuzzing: the day after 9999-12-31 printed as "+010000-01", sorted first and stayed put, so booking a slot on
  // the last days of 9999 looped forever (and blocked the process).
  it('ends at 9999-12-31: windows up to the last instant a DateTime can name hold their slots and return', () => {
    const utc: WeeklyHours = { ...newYork, timeZone: 'UTC', weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] };
    const last = slotsOf(utc, new Date('9999-12-30T23:00:00Z'), new Date('9999-12-31T23:59:59Z'));
    expect(last.map((slot) => slot.start.toISOString().slice(0, 10))).toEqual(Array(16).fill('9999-12-31'));
    expect(slotsOf(newYork, new Date('9999-12-30T15:00:00Z'), new Date('9999-12-30T15:00:00.001Z'))).toHaveLength(1);
  });

  it('applies hours only on their local days from validFrom to validTo, inclusive', () => {
    const bounded = { ...newYork, validFrom: '2026-03-03', validTo: '2026-03-04' };
    const days = slotsOf(bounded, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-08T00:00:00Z')).map((s) => localDate(s.start, 'America/New_York'));
    expect([...new Set(days)]).toEqual(['2026-03-03', '2026-03-04']);
    // Auckland's Monday 09:00 (UTC+13 in March) is Sunday 20:00 UTC: the local day counts, not the UTC one.
    const auckland = slotsOf({ ...newYork, timeZone: 'Pacific/Auckland', weekdays: ['MON'] }, new Date('2026-03-01T19:00:00Z'), new Date('2026-03-01T21:00:00Z'));
    expect(auckland.map((s) => iso(s.start))).toEqual(['2026-03-01T20:00:00.000Z', '2026-03-01T20:30:00.000Z']);
  });

  it('skips a local time that does not exist and takes a repeated one the first time', () => {
    expect(zonedInstant('2026-03-08', 2 * 60 + 30, 'America/New_York')).toBeNull();
    expect(iso(zonedInstant('2026-11-01', 60 + 30, 'America/New_York')!)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(zonedInstant('2026-07-01', 9 * 60, 'UTC')!)).toBe('2026-07-01T09:00:00.000Z');
  });

  it('leaves out slots that are taken, partly overlapped or already begun', () => {
    const slots = slotsOf({ ...newYork, endTime: '11:00' }, new Date('2026-03-02T00:00:00Z'), new Date('2026-03-03T00:00:00Z'));
    const taken = [{ startAt: new Date('2026-03-02T14:30:00Z'), endAt: new Date('2026-03-02T14:45:00Z') }];
    const free = freeOf(slots, taken, new Date('2026-03-02T14:00:00Z'));
    expect(free.map((s) => iso(s.start))).toEqual(['2026-03-02T15:00:00.000Z', '2026-03-02T15:30:00.000Z']);
  });

  it('accepts IANA time zones by their canonical name and refuses anything else', () => {
    expect(requireTimeZone('UTC')).toBe('UTC');
    expect(requireTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(() => requireTimeZone('Mars/Olympus_Mons')).toThrow(/IANA time zone/);
  });
});
