/** HQ's answers (hq-types.ts) as zod, for the API and the OpenAPI at /docs. Definitions: README.md here and in hub/experience. */
import { z } from 'zod';
import { DISTRESS_KINDS } from '../../protocol/vocabulary.ts';
import { branchKpisSchema } from '../experience/kpi-schema.ts';
import {
  HQ_MIN_RESPONSES, RANKING_SORTS, type HqBranchDetail, type HqBranchInfo, type HqHeatmap, type HqRanking, type HqTrend, type KpiLine,
} from './hq-types.ts';

const rate = z.number().min(0).max(1).nullable().describe('0-1; null when there is nothing to measure');
const seconds = z.number().nullable().describe('seconds; null when there is nothing to measure');

const score = z.object({
  responses: z.number().int(),
  score: z.number().nullable().describe('percent; null with no answers, or when suppressed'),
  suppressed: z.boolean().describe(`there were answers, but fewer than ${HQ_MIN_RESPONSES}`),
});

export const kpiLineSchema = z.object({
  issued: z.number().int(),
  served: z.number().int(),
  waitAvgS: seconds,
  waitP90S: seconds,
  serviceLevel: rate.describe('served within the target ÷ (served + gave up after the target)'),
  noShowRate: rate,
  abandonmentRate: rate,
  serviceTimeAvgS: seconds,
  peakWaiting: z.number().int().describe('most tickets waiting at once in one branch-hour'),
  csat: score.describe('% of answers 4 or 5 out of 5'),
  nps: score.describe('% promoters (9-10) − % detractors (0-6)'),
  complaints: z.number().int(),
  incidents: z.number().int().describe('distress alerts opened'),
  incidentsByKind: z.partialRecord(z.enum(DISTRESS_KINDS), z.number().int()),
  acceptP50S: seconds,
  acceptP90S: seconds,
  arriveP50S: seconds,
  arriveP90S: seconds,
  resolveP50S: seconds,
  resolveP90S: seconds,
  kioskSessions: z.number().int(),
  kioskCompletionRate: rate,
}) satisfies z.ZodType<KpiLine>;

export const branchInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  nameZh: z.string(),
  region: z.string(),
  timezone: z.string(),
  simulated: z.boolean().describe('demo traffic, never a real branch'),
  firstHourStart: z.iso.datetime(),
  lastHourEnd: z.iso.datetime().describe('end of the latest hour received'),
  lastReportAt: z.iso.datetime().describe('when HQ received the latest summary'),
  hoursReported: z.number().int(),
  stale: z.boolean().describe('no hour ending within the last 2 h 15 min has arrived'),
}) satisfies z.ZodType<HqBranchInfo>;

const period = z.object({ from: z.string(), to: z.string() }).describe('branch-local dates, inclusive');

export const rankingSchema = z.object({
  period,
  previousPeriod: period.describe('the equal-length period just before, which `previous` holds'),
  minResponses: z.number().int(),
  sort: z.enum(RANKING_SORTS),
  rows: z.array(z.object({
    rank: z.number().int(),
    branch: branchInfoSchema,
    days: z.number().int().describe('branch-days with data in the period'),
    kpis: kpiLineSchema,
    previous: kpiLineSchema.nullable().describe('null: no data in the previous period'),
  })),
  total: kpiLineSchema.describe('all rows merged (not an average of their KPIs)'),
}) satisfies z.ZodType<HqRanking>;

export const trendSchema = z.object({
  period,
  days: z.array(z.object({ date: z.string(), branches: z.number().int().describe('branches with data that day; 0: none'), kpis: kpiLineSchema })),
}) satisfies z.ZodType<HqTrend>;

export const heatmapSchema = z.object({
  period,
  issued: z.array(z.array(z.number().int())).describe('[7][24]: ISO weekday (0 = Monday) × branch-local hour, tickets issued'),
  days: z.array(z.number().int()).describe('[7]: branch-days counted for each weekday, to show averages'),
}) satisfies z.ZodType<HqHeatmap>;

export const branchDetailSchema = z.object({
  branch: branchInfoSchema,
  period,
  kpis: branchKpisSchema,
  days: z.array(z.object({ date: z.string(), kpis: kpiLineSchema })).describe('the days the branch reported'),
}) satisfies z.ZodType<HqBranchDetail>;
