/**
 * KPI values and their changes as the analyst reads them, in the page's language: counts with
 * digit grouping, durations in minutes and seconds, rates and CSAT in percent, NPS as a signed
 * number, changes in percentage points or points.
 */
import type { TranslateOf } from '../../shared/i18n/catalogue.ts';
import type { Language } from '../../shared/i18n/language.ts';
import type { hqMessages } from '../../shared/i18n/messages/hq.ts';
import type { ValueKind } from './kpi-columns.ts';

export type HqT = TranslateOf<typeof hqMessages>;

/** Shown where there is nothing to measure or a score is hidden. */
export const NO_VALUE = '—';
const MINUS = '−';

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(language, options)));
  return format;
}

export function formatCount(value: number, language: Language, fractionDigits = 0): string {
  return numberFormat(language, { maximumFractionDigits: fractionDigits }).format(value);
}

/** Whole seconds as `45 s`, `4 min 05 s`, `1 h 05 min`. */
export function formatDuration(seconds: number, t: HqT): string {
  const total = Math.round(Math.abs(seconds));
  if (total < 60) return t('seconds', { s: String(total) });
  const pad = (value: number) => String(value).padStart(2, '0');
  if (total < 3600) return t('minutesSeconds', { m: String(Math.floor(total / 60)), s: pad(total % 60) });
  return t('hoursMinutes', { h: String(Math.floor(total / 3600)), m: pad(Math.floor((total % 3600) / 60)) });
}

/** A 0-1 rate in percent with one decimal at most. */
export function formatRate(rate: number, language: Language): string {
  return numberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

export function formatValue(kind: ValueKind, value: number | null, t: HqT, language: Language): string {
  if (value === null) return NO_VALUE;
  switch (kind) {
    case 'count':
      return formatCount(value, language);
    case 'duration':
      return formatDuration(value, t);
    case 'rate':
      return formatRate(value, language);
    case 'csat':
      return formatRate(value / 100, language);
    case 'nps':
      return numberFormat(language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value).replace('-', MINUS);
  }
}

/** The change from `previous` to `current`, signed, in the unit that suits the KPI. */
export function formatDelta(kind: ValueKind, current: number, previous: number, t: HqT, language: Language): string {
  const change = current - previous;
  const sign = change > 0 ? '+' : change < 0 ? MINUS : '±';
  const size = Math.abs(change);
  switch (kind) {
    case 'count':
      return sign + formatCount(size, language);
    case 'duration':
      return sign + formatDuration(size, t);
    case 'rate':
      return sign + t('percentPoints', { n: formatCount(size * 100, language, 1) });
    case 'csat':
      return sign + t('percentPoints', { n: formatCount(size, language, 1) });
    case 'nps':
      return sign + t('points', { n: formatCount(size, language, 1) });
  }
}

/** A day `YYYY-MM-DD` written short in the page's language (e.g. `Mar 4`, `3月4日`). */
export function formatShortDay(day: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** A day `YYYY-MM-DD` written in full (e.g. `Mar 4, 2025`, `2025年3月4日`). */
export function formatLongDay(day: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Short weekday names, Monday first (the hub's ISO weekday 0 = Monday). */
export function weekdayNames(language: Language): string[] {
  const format = new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, day) => format.format(new Date(Date.UTC(2024, 0, 1 + day))));
}
