/**
 * HQ's cross-branch reports (hub/hq/README.md): the branches that report, a ranking (also as
 * CSV), a trend, a busy-hours heatmap and one branch in full, over branch-local dates and merged
 * from the stored branch-days with the hub/experience definitions.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../branch/branch-config.ts';
import type { Db } from '../../db/database.ts';
import { CALENDAR_DAY_MESSAGE, isCalendarDay } from '../../queue/branch-time.ts';
import { periodLength, previousPeriod } from '../../hq/hq-period.ts';
import { readBranch, readBranches, readDays, readReportInput } from '../../hq/hq-queries.ts';
import { ranking } from '../../hq/hq-ranking.ts';
import { branchDetail, heatmap, trend, type ReportFilter } from '../../hq/hq-reports.ts';
import { branchDetailSchema, branchInfoSchema, heatmapSchema, rankingSchema, trendSchema } from '../../hq/hq-schema.ts';
import { RANKING_SORTS, type HqPeriod, type RankingSort } from '../../hq/hq-types.ts';
import { rankingCsv } from '../../hq/ranking-csv.ts';
import { HttpError } from '../errors.ts';
import { caller } from '../auth-plugin.ts';
import type { AuditLog } from '../../audit.ts';

export interface HqRouteDeps {
  db: Db;
  now: () => number;
  /** Exports are audited. */
  audit: Pick<AuditLog, 'record'>;
}

const tags = ['hq'];
const READERS = { roles: ['admin', 'hq'] } as const;
const MAX_DAYS = 366;

const day = z.string().refine(isCalendarDay, CALENDAR_DAY_MESSAGE);
const filters = {
  region: z.string().trim().min(1).max(64).optional().describe('only branches of this region'),
  serviceId: id.optional().describe('only this service: its tickets and its feedback; alerts and kiosk stay branch-wide'),
  branchId: id.optional().describe('only this branch'),
};
const sort = z.enum(RANKING_SORTS).default('serviceLevel')
  .describe('rank 1 is the best: highest service level, NPS, CSAT; shortest waits; fewest incidents and abandonments; issued: the busiest');

/** Refuses a period that ends before it starts or spans more than 366 dates (once both are dates). */
function checkPeriod(query: HqPeriod, context: z.RefinementCtx): void {
  if (!isCalendarDay(query.from) || !isCalendarDay(query.to)) return;
  if (query.to < query.from) context.addIssue({ code: 'custom', message: 'to must not be before from', path: ['to'] });
  else if (periodLength(query) > MAX_DAYS) context.addIssue({ code: 'custom', message: `a period spans at most ${MAX_DAYS} days`, path: ['to'] });
}

const dates = { from: day.describe('first branch-local day'), to: day.describe('last branch-local day, inclusive') };
const rankingQuery = z.strictObject({ ...dates, region: filters.region, serviceId: filters.serviceId, sort }).superRefine(checkPeriod);
const trendQuery = z.strictObject({ ...dates, ...filters }).superRefine(checkPeriod);
const heatmapQuery = z.strictObject({ ...dates, region: filters.region, branchId: filters.branchId }).superRefine(checkPeriod);
const detailQuery = z.strictObject({ ...dates, serviceId: filters.serviceId }).superRefine(checkPeriod);

export const hqRoutes: FastifyPluginAsyncZod<{ hq: HqRouteDeps }> = async (app, { hq }) => {
  const { db, now } = hq;

  async function rankingOf(query: HqPeriod & ReportFilter & { sort: RankingSort }) {
    const period = { from: query.from, to: query.to };
    const filter = { region: query.region, serviceId: query.serviceId };
    const input = await readReportInput(db, { period, filter, now: now(), readFrom: previousPeriod(period).from });
    return ranking({ ...input, sort: query.sort });
  }

  app.get('/hq/branches', {
    config: READERS,
    schema: { summary: 'The branches that report to HQ, and whether each is current', tags, response: { 200: z.object({ branches: z.array(branchInfoSchema) }) } },
  }, async () => ({ branches: await readBranches(db, now()) }));

  app.get('/hq/ranking', {
    config: READERS,
    schema: {
      summary: 'One row per branch with data in the period, ranked by one KPI, with the previous equal-length period and the merged total',
      tags,
      querystring: rankingQuery,
      response: { 200: rankingSchema },
    },
  }, async (request) => rankingOf(request.query));

  app.get('/hq/ranking.csv', {
    config: READERS,
    schema: { summary: 'The ranking as CSV (UTF-8 with BOM): the same rows and values', tags, querystring: rankingQuery, produces: ['text/csv'] },
  }, async (request, reply) => {
    const answer = await rankingOf(request.query);
    await hq.audit.record(caller(request).name, 'hq.export', 'ranking.csv', { ...request.query, rows: answer.rows.length });
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="touchpoint-hq-ranking-${answer.period.from}-${answer.period.to}.csv"`);
    return rankingCsv(answer);
  });

  app.get('/hq/trend', {
    config: READERS,
    schema: {
      summary: 'The filtered branches merged per branch-local day',
      tags,
      querystring: trendQuery,
      response: { 200: trendSchema },
    },
  }, async (request) => {
    const { from, to, ...filter } = request.query;
    return trend(await readReportInput(db, { period: { from, to }, filter, now: now() }));
  });

  app.get('/hq/heatmap', {
    config: READERS,
    schema: {
      summary: 'Tickets issued by ISO weekday (0 = Monday) and branch-local hour, and the branch-days behind each weekday',
      tags,
      querystring: heatmapQuery,
      response: { 200: heatmapSchema },
    },
  }, async (request) => {
    const { from, to, ...filter } = request.query;
    return heatmap(await readReportInput(db, { period: { from, to }, filter, now: now() }));
  });

  app.get('/hq/branches/:branchId/kpis', {
    config: READERS,
    schema: {
      summary: 'One branch in full over the period: all its KPIs, and the line of each day it reported',
      tags,
      params: z.strictObject({ branchId: id }),
      querystring: detailQuery,
      response: { 200: branchDetailSchema },
    },
  }, async (request) => {
    const { branchId } = request.params;
    const { from, to, serviceId } = request.query;
    const branch = await readBranch(db, branchId, now());
    if (!branch) throw new HttpError(404, `branch ${branchId} not found: it has never reported to HQ`);
    const period = { from, to };
    const days = await readDays(db, period, [branchId]);
    return branchDetail({ period, branches: [branch], days, filter: { serviceId }, branch });
  });
};
