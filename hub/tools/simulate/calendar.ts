/**
 * When simulated branches are open and how busy each day and hour is, in the branch's own
 * calendar: weekdays 09:00–17:00, a shorter Saturday (and Sunday at branches in shopping
 * districts), Mondays and the last working days of the month busier, and within a day a morning
 * build-up, a late-morning peak, a lunch dip and an afternoon peak.
 */
import { addDays, localDay } from '../../queue/branch-time.ts';
import type { ArrivalPoint } from '../../queue/simulate-scenario.ts';
import type { WeekendHours } from './branch-profiles.ts';

export interface OpeningHours {
  /** Branch-local wall-clock times, HH:MM. */
  open: string;
  close: string;
}

const WEEKDAY: OpeningHours = { open: '09:00', close: '17:00' };
const SATURDAY: OpeningHours = { open: '09:30', close: '16:00' };
const SUNDAY: OpeningHours = { open: '10:00', close: '15:00' };

/** Relative arrival rate through the day (1 = the day's peak), linear between points. */
const DAY_SHAPE: ReadonlyArray<[string, number]> = [
  ['09:00', 0.45], ['09:30', 0.75], ['10:30', 1], ['11:30', 0.85], ['12:15', 0.55], ['13:15', 0.6],
  ['14:30', 0.9], ['15:30', 0.95], ['16:30', 0.55], ['17:00', 0.3],
];

/** Relative volume by weekday, Sunday first. */
const WEEKDAY_VOLUME = [0.45, 1.2, 1, 0.95, 0.95, 1.1, 0.6];

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function openingHours(day: string, weekend: WeekendHours): OpeningHours | null {
  const dow = weekday(day);
  if (dow === 6) return weekend === 'none' ? null : SATURDAY;
  if (dow === 0) return weekend === 'both' ? SUNDAY : null;
  return WEEKDAY;
}

/** How busy the day is relative to an ordinary Tuesday: the weekday, and salaries and bills at month-end. */
export function dayVolume(day: string): number {
  const date = new Date(`${day}T00:00:00Z`);
  const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  const monthEnd = date.getUTCDate() > daysInMonth - 3 ? 1.25 : date.getUTCDate() <= 2 ? 1.1 : 1;
  return WEEKDAY_VOLUME[date.getUTCDay()]! * monthEnd;
}

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The day's arrival rate as points (minutes after local midnight → customers per hour). */
export function arrivalPoints(peakPerHour: number): ArrivalPoint[] {
  return DAY_SHAPE.map(([clock, level]) => ({ atMin: minutes(clock), perHour: peakPerHour * level }));
}

export function minutesOf(clock: string): number {
  return minutes(clock);
}

/** The `count` branch-local days before today (in `timezone` at `nowMs`), oldest first, ending yesterday. */
export function pastDays(count: number, timezone: string, nowMs: number): string[] {
  const today = localDay(nowMs, timezone);
  return Array.from({ length: count }, (_, index) => addDays(today, index - count));
}
