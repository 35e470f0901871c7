/** Clock times and days in the page's language, in the device's time zone (the branch's). */
import type { Language } from '../i18n/language.ts';

export function formatClock(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

export function formatDay(date: Date, language: Language): string {
  return new Intl.DateTimeFormat(language, { weekday: 'short', month: 'short', day: 'numeric' }).format(date);
}

/** `YYYY-MM-DD` of a local calendar day. */
export function isoDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Today and the following days, at local midnight. */
export function nextDays(count: number, from = new Date()): Date[] {
  return Array.from({ length: count }, (_, offset) => new Date(from.getFullYear(), from.getMonth(), from.getDate() + offset));
}
