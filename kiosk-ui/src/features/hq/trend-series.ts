/** A trend's days laid out over every day of its period, as the charts draw them. */
import type { DistressKind, HqTrend, KpiLine } from '../../shared/api/hq-types.ts';

const DAY_MS = 86_400_000;

/** Every day from `from` to `to`, both included (`YYYY-MM-DD`). */
export function periodDates(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); at <= end; at += DAY_MS) {
    dates.push(new Date(at).toISOString().slice(0, 10));
  }
  return dates;
}

/** One value per day of the period; null for a day without data or without the value. */
export function dailyValues(trend: HqTrend, value: (line: KpiLine) => number | null): Array<number | null> {
  const lines = new Map(trend.days.map((day) => [day.date, day.kpis]));
  return periodDates(trend.period.from, trend.period.to).map((date) => {
    const line = lines.get(date);
    return line ? value(line) : null;
  });
}

/** Every distress kind (a Record, so the typecheck fails when the protocol adds one), most serious
 * first: the order the incident charts stack them in. */
const KIND_ORDER: Record<DistressKind, number> = { fall: 0, 'help-request': 1, 'negative-affect': 2, 'long-wait': 3, 'kiosk-friction': 4 };
export const INCIDENT_KINDS = (Object.keys(KIND_ORDER) as DistressKind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);

/** Incidents of each kind per day of the period (0 on days without data). */
export function dailyIncidents(trend: HqTrend): Array<{ kind: DistressKind; values: number[] }> {
  return INCIDENT_KINDS.map((kind) => ({ kind, values: dailyValues(trend, (line) => line.incidentsByKind[kind] ?? 0).map((value) => value ?? 0) }));
}
