/**
 * Branch-local hours, the buckets every KPI is counted in. A branch reads its report on its own
 * wall clock, so an hour is a branch-local hour ([start, start + 1 h)) and a day is the
 * branch-local calendar day: 24 hours, or 23 / 25 on the days daylight saving starts / ends.
 * Works for every zone whose offset changes by whole hours (all but Australia/Lord_Howe).
 */
import { addDays, localDay, startOfLocalDay } from '../queue/branch-time.ts';

export const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The branch-local hour (0-23), minute, second and UTC offset (`+02:00`) at `ms`. */
function wallClock(ms: number, timeZone: string): { hour: number; minute: number; second: number; offset: string } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(ms);
  const read = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  // `longOffset` names the offset "GMT+02:00", or just "GMT" when it is zero.
  const offset = read('timeZoneName').replace('GMT', '') || '+00:00';
  return { hour: Number(read('hour')), minute: Number(read('minute')), second: Number(read('second')), offset };
}

/** The start of the branch-local hour that holds `ms` (an instant, epoch ms). */
export function localHourStart(ms: number, timeZone: string): number {
  const { minute, second } = wallClock(ms, timeZone);
  return Math.floor(ms / 1000) * 1000 - (minute * 60 + second) * 1000;
}

export function isLocalHourStart(ms: number, timeZone: string): boolean {
  return localHourStart(ms, timeZone) === ms;
}

/** The branch-local hour of the day (0-23) at `ms`. */
export function localHourOfDay(ms: number, timeZone: string): number {
  return wallClock(ms, timeZone).hour;
}

/**
 * A label for the branch-local hour starting at `hourStart`, with its UTC offset, e.g.
 * `2026-10-25T02:00+02:00`: the offset tells apart the two 02:00 hours of the autumn change.
 */
export function localHourLabel(hourStart: number, timeZone: string): string {
  const { hour, offset } = wallClock(hourStart, timeZone);
  return `${localDay(hourStart, timeZone)}T${String(hour).padStart(2, '0')}:00${offset}`;
}

/** The starts of the branch-local hours of `day` (YYYY-MM-DD), in order: 23, 24 or 25 of them. */
export function localHourStarts(day: string, timeZone: string): number[] {
  const end = startOfLocalDay(addDays(day, 1), timeZone);
  const starts: number[] = [];
  for (let start = startOfLocalDay(day, timeZone); start < end; start += HOUR_MS) starts.push(start);
  return starts;
}
