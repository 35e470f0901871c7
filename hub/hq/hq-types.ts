/**
 * What HQ answers: the branches that report, and per-branch and cross-branch KPIs merged from
 * the branch-days it stores (README.md in this folder). Scores follow hub/experience: HQ hides a
 * CSAT or NPS with fewer than HQ_MIN_RESPONSES answers and always shows how many there were.
 */
import type { BranchKpis, DistressKind, Score } from '../experience/kpi-types.ts';

/** HQ comparisons hide CSAT and NPS computed from fewer answers than this. */
export const HQ_MIN_RESPONSES = 30;

/** A branch as its latest summary describes it, and how current its reports are. */
export interface HqBranchInfo {
  id: string;
  name: string;
  nameZh: string;
  region: string;
  timezone: string;
  simulated: boolean;
  firstHourStart: string; // ISO
  lastHourEnd: string; // ISO: end of the latest hour received
  lastReportAt: string; // ISO: when HQ received the latest summary
  hoursReported: number;
  /** No hour ending within the last 2 h 15 min has arrived: the branch or its bridge is silent. */
  stale: boolean;
}

/** One line of KPIs, flat: a ranking row, a day of a trend, a CSV line. */
export interface KpiLine {
  issued: number;
  served: number;
  waitAvgS: number | null;
  waitP90S: number | null;
  serviceLevel: number | null; // 0-1
  noShowRate: number | null;
  abandonmentRate: number | null;
  serviceTimeAvgS: number | null;
  peakWaiting: number;
  csat: Score;
  nps: Score;
  complaints: number;
  incidents: number; // distress alerts opened
  incidentsByKind: Partial<Record<DistressKind, number>>;
  acceptP50S: number | null;
  acceptP90S: number | null;
  arriveP50S: number | null;
  arriveP90S: number | null;
  resolveP50S: number | null;
  resolveP90S: number | null;
  kioskSessions: number;
  kioskCompletionRate: number | null;
}

export interface HqPeriod {
  from: string; // YYYY-MM-DD, branch-local days
  to: string;
}

/** `GET /api/v1/hq/ranking` */
export interface HqRanking {
  period: HqPeriod;
  /** The equal-length period just before, which `previous` and the trends compare with. */
  previousPeriod: HqPeriod;
  minResponses: number;
  sort: RankingSort;
  rows: Array<{
    rank: number;
    branch: HqBranchInfo;
    days: number; // branch-days with data in the period
    kpis: KpiLine;
    previous: KpiLine | null; // null: no data in the previous period
  }>;
  /** All rows' branches merged (not an average of their KPIs). */
  total: KpiLine;
}

export const RANKING_SORTS = ['serviceLevel', 'waitAvgS', 'waitP90S', 'nps', 'csat', 'issued', 'incidents', 'abandonmentRate'] as const;
export type RankingSort = (typeof RANKING_SORTS)[number];

/** `GET /api/v1/hq/trend`: the filtered branches merged per branch-local day. */
export interface HqTrend {
  period: HqPeriod;
  days: Array<{ date: string; branches: number; kpis: KpiLine }>;
}

/** `GET /api/v1/hq/heatmap`: tickets issued by ISO weekday (0 = Monday) and local hour. */
export interface HqHeatmap {
  period: HqPeriod;
  issued: number[][]; // [7][24] sums
  days: number[]; // [7] branch-days counted for each weekday, to show averages
}

/** `GET /api/v1/hq/branches/:branchId/kpis`: one branch in full. */
export interface HqBranchDetail {
  branch: HqBranchInfo;
  period: HqPeriod;
  kpis: BranchKpis;
  days: Array<{ date: string; kpis: KpiLine }>;
}
