/**
 * Branch-local dates and times. Tickets number from 001 every branch-local day and appointment
 * slots are branch-local wall-clock times, so both need the branch's IANA time zone, not the host's.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `ms`, read back as if it were UTC (ms). */
function wallClockMs(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(ms).map((part) => [part.type, part.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** The time zone's offset from UTC at `ms`, in ms (+8 h for Asia/Shanghai). */
function offsetMs(ms: number, timeZone: string): number {
  return wallClockMs(Math.floor(ms / 1000) * 1000, timeZone) - Math.floor(ms / 1000) * 1000;
}

/** The branch-local calendar day of `ms`, as YYYY-MM-DD. */
export function localDay(ms: number, timeZone: string): string {
  return new Date(wallClockMs(ms, timeZone)).toISOString().slice(0, 10);
}

/** The branch-local wall-clock time of `ms`, as HH:MM. */
export function localClock(ms: number, timeZone: string): string {
  return new Date(wallClockMs(ms, timeZone)).toISOString().slice(11, 16);
}

/** The instant (ms) of the branch-local wall-clock time `time` (HH:MM) on `day` (YYYY-MM-DD). */
export function localTimeToMs(day: string, time: string, timeZone: string): number {
  const wall = Date.parse(`${day}T${time}:00Z`);
  // Two passes settle the offset on either side of a daylight-saving change.
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}

/** The instant the branch-local `day` begins. */
export function startOfLocalDay(day: string, timeZone: string): number {
  return localTimeToMs(day, '00:00', timeZone);
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The days the hub reasons about: its clock and its database hold nothing outside them. */
export const CALENDAR_DAYS = { first: '1970-01-01', last: '2999-12-31' } as const;
export const CALENDAR_DAY_MESSAGE = `a date YYYY-MM-DD from ${CALENDAR_DAYS.first} to ${CALENDAR_DAYS.last}`;

/** True for a real calendar date written YYYY-MM-DD, within CALENDAR_DAYS. */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= CALENDAR_DAYS.first && day <= CALENDAR_DAYS.last
    && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
}
