/**
 * HQ periods: runs of branch-local dates `from`..`to` (YYYY-MM-DD, inclusive). Each branch reads
 * them on its own calendar, so they are plain dates here, never instants. Pure.
 */
import { addDays } from '../queue/branch-time.ts';
import type { HqPeriod } from './hq-types.ts';

const DAY_MS = 86_400_000;

/** How many dates the period holds (from = to: 1). */
export function periodLength({ from, to }: HqPeriod): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
}

/** The equal-length period that ends the day before `from`: what a trend compares with. */
export function previousPeriod(period: HqPeriod): HqPeriod {
  return { from: addDays(period.from, -periodLength(period)), to: addDays(period.from, -1) };
}

/** Every date of the period, in order. */
export function datesOf(period: HqPeriod): string[] {
  return Array.from({ length: periodLength(period) }, (_, i) => addDays(period.from, i));
}

export function inPeriod(date: string, { from, to }: HqPeriod): boolean {
  return date >= from && date <= to;
}

/** ISO weekday of a calendar date, 0 = Monday … 6 = Sunday (the date is the branch's own). */
export function isoWeekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}
