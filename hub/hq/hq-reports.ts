/**
 * HQ's reports from stored branch-days (`HqDay` rows): which days a report reads, and the trend,
 * busy-hours heatmap and one-branch detail built from them (the ranking is in hq-ranking.ts).
 * Every figure is computed from merged aggregates — never an average of branches' rates — with
 * the hub/experience definitions and HQ's minimum of answers for a score. Pure.
 */
import { aggregatePeriod, mergeAggregates } from '../experience/aggregate.ts';
import type { ExperienceRecords, HourAggregate } from '../experience/kpi-types.ts';
import { kpisOf } from '../experience/kpis.ts';
import { serviceSlice } from '../experience/service-slice.ts';
import { addDays, startOfLocalDay } from '../queue/branch-time.ts';
import { datesOf, inPeriod, isoWeekday } from './hq-period.ts';
import { HQ_MIN_RESPONSES, type HqBranchDetail, type HqBranchInfo, type HqHeatmap, type HqPeriod, type HqTrend, type KpiLine } from './hq-types.ts';
import { kpiLineOf } from './kpi-line.ts';

/** One `HqDay` row: a branch-local day's merged aggregate and tickets issued per local hour. */
export interface BranchDay {
  branchId: string;
  localDate: string; // YYYY-MM-DD
  aggregate: HourAggregate;
  issuedByHour: readonly number[]; // 24
}

export interface ReportFilter {
  region?: string | undefined;
  /** That service's tickets and feedback; alerts and kiosk stay branch-wide. */
  serviceId?: string | undefined;
  branchId?: string | undefined;
}

/** What a report reads: the branches HQ knows and their days (others are ignored). */
export interface ReportInput {
  period: HqPeriod;
  branches: readonly HqBranchInfo[];
  days: readonly BranchDay[];
  filter?: ReportFilter;
}

export const HQ_VIEW = { minResponses: HQ_MIN_RESPONSES };

const NO_RECORDS: ExperienceRecords = { tickets: [], feedback: [], alerts: [], dispatches: [], kioskSessions: [], queueObservations: [] };

/** The branches a filter keeps, by id. */
export function selectBranches(branches: readonly HqBranchInfo[], filter: ReportFilter = {}): Map<string, HqBranchInfo> {
  return new Map(
    branches
      .filter((branch) => (filter.region === undefined || branch.region === filter.region) && (filter.branchId === undefined || branch.id === filter.branchId))
      .map((branch) => [branch.id, branch]),
  );
}

/** The days of `period` of the branches the filter keeps, narrowed to its service if it names one. */
export function selectDays(input: ReportInput, period: HqPeriod = input.period): BranchDay[] {
  const branches = selectBranches(input.branches, input.filter);
  const serviceId = input.filter?.serviceId;
  return input.days
    .filter((day) => branches.has(day.branchId) && inPeriod(day.localDate, period))
    .map((day) => (serviceId === undefined ? day : { ...day, aggregate: serviceSlice(day.aggregate, serviceId, []) }));
}

/** An aggregate with nothing in it over the whole local days of `period` in `timezone`. */
export function emptyAggregate(period: HqPeriod, timezone: string): HourAggregate {
  const window = { start: startOfLocalDay(period.from, timezone), end: startOfLocalDay(addDays(period.to, 1), timezone) };
  return aggregatePeriod(NO_RECORDS, window, timezone, {});
}

/** The merge of `aggregates`; with none, the empty aggregate of `period` (KPIs null, counts 0). */
export function mergeOrEmpty(aggregates: readonly HourAggregate[], period: HqPeriod, timezone = 'UTC'): HourAggregate {
  return aggregates.length > 0 ? mergeAggregates(aggregates) : emptyAggregate(period, timezone);
}

/** The KPI line of an aggregate, as HQ shows it. */
export function lineOfAggregate(aggregate: HourAggregate): KpiLine {
  return kpiLineOf(kpisOf(aggregate, HQ_VIEW));
}

/** The KPI line of these days merged (all branches together). */
export function lineOf(days: readonly BranchDay[], period: HqPeriod): KpiLine {
  return lineOfAggregate(mergeOrEmpty(days.map((day) => day.aggregate), period));
}

/** Groups by a key, keeping the order in which keys first appear. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Every date of the period with the filtered branches merged; `branches: 0` on a date without data. */
export function trend(input: ReportInput): HqTrend {
  const byDate = groupBy(selectDays(input), (day) => day.localDate);
  return {
    period: input.period,
    days: datesOf(input.period).map((date) => {
      const days = byDate.get(date) ?? [];
      return { date, branches: days.length, kpis: lineOf(days, { from: date, to: date }) };
    }),
  };
}

/** Tickets issued by ISO weekday of the branch-local date × local hour, and branch-days per weekday. */
export function heatmap(input: ReportInput): HqHeatmap {
  const issued = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const days = Array.from({ length: 7 }, () => 0);
  // The heatmap counts all tickets: HqDay keeps issued per hour for the whole branch only.
  for (const day of selectDays({ ...input, filter: { ...input.filter, serviceId: undefined } })) {
    const weekday = isoWeekday(day.localDate);
    days[weekday]! += 1;
    day.issuedByHour.forEach((count, hour) => {
      issued[weekday]![hour]! += count;
    });
  }
  return { period: input.period, issued, days };
}

/** One branch in full over the period, and the line of each day it reported. */
export function branchDetail(input: ReportInput & { branch: HqBranchInfo }): HqBranchDetail {
  const { branch, period } = input;
  const days = selectDays({ period, branches: [branch], days: input.days, filter: { serviceId: input.filter?.serviceId } })
    .sort((a, b) => a.localDate.localeCompare(b.localDate));
  return {
    branch,
    period,
    kpis: kpisOf(mergeOrEmpty(days.map((day) => day.aggregate), period, branch.timezone), HQ_VIEW),
    days: days.map((day) => ({ date: day.localDate, kpis: kpiLineOf(kpisOf(day.aggregate, HQ_VIEW)) })),
  };
}
