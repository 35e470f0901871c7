/**
 * What the analyst looks at, kept in the page's URL so a view can be shared and reloaded:
 * `?from&to&region&serviceId&sort&branch`. Dates are branch-local days (`YYYY-MM-DD`, inclusive);
 * a missing or unusable value falls back to the default: the last 7 complete days by the
 * browser's date, all regions and services, ranked by service level.
 */
import type { RankingSort } from '../../shared/api/hq-types.ts';
import { isoDay } from '../../shared/format/time.ts';
import { isColumnKey, type ColumnKey } from './kpi-columns.ts';

export interface HqFilters {
  from: string;
  to: string;
  region: string | null;
  serviceId: string | null;
  /** A ranking column; the hub ranks by the KPIs it supports, the page orders by the rest. */
  sort: ColumnKey;
  /** The branch drilled into, or null for all branches. */
  branch: string | null;
}

/** The hub's limit on a period. */
export const MAX_PERIOD_DAYS = 366;
export const QUICK_PICK_DAYS = [7, 30, 90] as const;
export const DEFAULT_SORT: RankingSort = 'serviceLevel';

/** The ranking sorts the hub answers (hub/hq/hq-types.ts RANKING_SORTS): a Record, so the
 * typecheck fails when the contract adds or drops one. */
const SERVER_SORTS: Record<RankingSort, true> = {
  serviceLevel: true, waitAvgS: true, waitP90S: true, nps: true, csat: true, issued: true, incidents: true, abandonmentRate: true,
};

export function serverSort(sort: ColumnKey): RankingSort | null {
  return Object.hasOwn(SERVER_SORTS, sort) ? (sort as RankingSort) : null;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A real calendar day written `YYYY-MM-DD`. */
export function isDay(value: string | null): value is string {
  if (!value || !DAY_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Days from `from` to `to`, both counted. */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The last `days` complete days before `today` (a local date). */
export function lastDays(days: number, today: Date): { from: string; to: string } {
  const end = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  const start = new Date(end.getFullYear(), end.getMonth(), end.getDate() - (days - 1));
  return { from: isoDay(start), to: isoDay(end) };
}

/** A period the hub accepts: real days, in order, at most MAX_PERIOD_DAYS long. */
export function isValidPeriod(from: string, to: string): boolean {
  return isDay(from) && isDay(to) && from <= to && periodDays(from, to) <= MAX_PERIOD_DAYS;
}

const text = (value: string | null) => (value && value.trim() ? value.trim() : null);

export function filtersFromSearch(search: string, today: Date): HqFilters {
  const query = new URLSearchParams(search);
  const from = query.get('from');
  const to = query.get('to');
  const period = from && to && isValidPeriod(from, to) ? { from, to } : lastDays(7, today);
  const sort = query.get('sort');
  return {
    ...period,
    region: text(query.get('region')),
    serviceId: text(query.get('serviceId')),
    sort: sort && isColumnKey(sort) ? sort : DEFAULT_SORT,
    branch: text(query.get('branch')),
  };
}

/** The page's URL query for `filters`, keeping parameters it does not own (e.g. `lang`). */
export function searchFromFilters(filters: HqFilters, current: string): string {
  const query = new URLSearchParams(current);
  const values: Record<string, string | null> = {
    from: filters.from, to: filters.to, region: filters.region, serviceId: filters.serviceId,
    sort: filters.sort === DEFAULT_SORT ? null : filters.sort, branch: filters.branch,
  };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) query.delete(key);
    else query.set(key, value);
  }
  const search = query.toString();
  return search ? `?${search}` : '';
}

type ApiParam = 'sort' | 'branchId' | 'serviceId' | 'region';

/** The API query for a report: the period, and of the other filters those the report takes. */
export function apiQuery(filters: HqFilters, take: readonly ApiParam[]): string {
  const query = new URLSearchParams({ from: filters.from, to: filters.to });
  if (take.includes('region') && filters.region) query.set('region', filters.region);
  if (take.includes('serviceId') && filters.serviceId) query.set('serviceId', filters.serviceId);
  if (take.includes('branchId') && filters.branch) query.set('branchId', filters.branch);
  const sort = serverSort(filters.sort);
  if (take.includes('sort') && sort) query.set('sort', sort);
  return query.toString();
}
