/**
 * The branch's experience KPIs over branch-local days, merged from the stored hours
 * (hub/experience: definitions in its README). The branch's own view shows every score with at
 * least one answer; HQ comparisons apply their own minimum.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../branch/branch-config.ts';
import { mergeAggregates } from '../../experience/aggregate.ts';
import { emptyAggregate } from '../../experience/experience-service.ts';
import { branchKpisSchema } from '../../experience/kpi-schema.ts';
import type { HourAggregate } from '../../experience/kpi-types.ts';
import { kpisOf } from '../../experience/kpis.ts';
import { HOUR_MS, localHourLabel, localHourStarts } from '../../experience/local-hours.ts';
import { serviceSlice } from '../../experience/service-slice.ts';
import { addDays, CALENDAR_DAY_MESSAGE, isCalendarDay, startOfLocalDay } from '../../queue/branch-time.ts';
import { HttpError, notFound } from '../errors.ts';
import { caller } from '../auth-plugin.ts';
import type { RouteOptions } from '../app.ts';

const tags = ['experience'];
const READERS = { roles: ['admin', 'floor', 'hq'] } as const;
const BRANCH_VIEW = { minResponses: 1 };
const MAX_DAYS = 366;

const day = z.string().refine(isCalendarDay, CALENDAR_DAY_MESSAGE);
const serviceId = id.optional().describe('only this service: its tickets, its feedback and its queue zones; alerts and kiosk stay branch-wide');
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

const kpisQuery = z
  .strictObject({ from: day.describe('first branch-local day'), to: day.describe('last branch-local day, inclusive'), serviceId })
  .refine((query) => !isCalendarDay(query.from) || !isCalendarDay(query.to) || query.to >= query.from, { message: 'to must not be before from', path: ['to'] })
  .refine((query) => !isCalendarDay(query.from) || !isCalendarDay(query.to) || daysBetween(query.from, query.to) <= MAX_DAYS, {
    message: `a period spans at most ${MAX_DAYS} days`, path: ['to'],
  });

const periodSchema = z.object({
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  start: z.iso.datetime().describe('the first local day begins'),
  end: z.iso.datetime().describe('the day after the last local day begins'),
  hours: z.number().int().describe('branch-local hours in the period (23 or 25 on daylight-saving days)'),
  hoursRecorded: z.number().int().describe('hours the hub has stored; hours still to come or before the log began have no data'),
});

const hourSchema = z.object({
  start: z.iso.datetime(),
  label: z.string().describe('branch-local, with its UTC offset, e.g. 2026-11-25T09:00+08:00'),
  final: z.boolean().describe('the hour is over and will not change; otherwise it is recomputed every minute'),
  recorded: z.boolean().describe('false for hours to come or before the log began'),
  kpis: branchKpisSchema,
});

export const experienceRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const { experience, db } = deps;

  /** The aggregate narrowed to one service when asked; 404 for a service the branch does not have. */
  async function narrower(wanted: string | undefined): Promise<(aggregate: HourAggregate) => HourAggregate> {
    if (wanted === undefined) return (aggregate) => aggregate;
    const { branchId } = deps.directory;
    const service = await db.service.findUnique({ where: { branchId_id: { branchId, id: wanted } } });
    if (!service) throw notFound(`service ${wanted}`);
    const zones = await db.zone.findMany({ where: { branchId, serviceId: wanted }, select: { id: true } });
    const zoneIds = zones.map((zone) => zone.id);
    return (aggregate) => serviceSlice(aggregate, wanted, zoneIds);
  }

  app.get('/experience/kpis', {
    config: READERS,
    schema: {
      summary: 'KPIs of branch-local days from..to (at most 366): tickets, waits, service level, incidents, kiosk, CSAT and NPS',
      tags,
      querystring: kpisQuery,
      response: { 200: z.object({ period: periodSchema, kpis: branchKpisSchema }) },
    },
  }, async (request) => {
    const { from, to } = request.query;
    const narrow = await narrower(request.query.serviceId);
    const timezone = await experience.timezone();
    const hours = await experience.hours(from, to, timezone);
    const start = startOfLocalDay(from, timezone);
    const end = startOfLocalDay(addDays(to, 1), timezone);
    const aggregate = hours.length > 0 ? mergeAggregates(hours.map((hour) => hour.aggregate)) : emptyAggregate({ start, end }, timezone);
    return {
      period: {
        from, to, timezone, start: new Date(start).toISOString(), end: new Date(end).toISOString(), hours: (end - start) / HOUR_MS, hoursRecorded: hours.length,
      },
      kpis: kpisOf(narrow(aggregate), BRANCH_VIEW),
    };
  });

  app.get('/experience/hours', {
    config: READERS,
    schema: {
      summary: 'KPIs of each branch-local hour of one day, for charts',
      tags,
      querystring: z.strictObject({ date: day.describe('branch-local day'), serviceId }),
      response: { 200: z.object({ date: z.string(), timezone: z.string(), hours: z.array(hourSchema) }) },
    },
  }, async (request) => {
    const { date } = request.query;
    const narrow = await narrower(request.query.serviceId);
    const timezone = await experience.timezone();
    const stored = new Map((await experience.hours(date, date, timezone)).map((hour) => [hour.hourStart, hour]));
    const hours = localHourStarts(date, timezone).map((hourStart) => {
      const hour = stored.get(hourStart);
      return {
        start: new Date(hourStart).toISOString(),
        label: localHourLabel(hourStart, timezone),
        final: hour?.final ?? false,
        recorded: hour !== undefined,
        kpis: kpisOf(narrow(hour?.aggregate ?? emptyAggregate({ start: hourStart, end: hourStart + HOUR_MS }, timezone)), BRANCH_VIEW),
      };
    });
    return { date, timezone, hours };
  });

  app.post('/experience/summaries/publish', {
    config: { roles: ['admin'] },
    schema: {
      summary: "Send the summaries of branch-local days from..to to HQ again, the current provisional hour included (HQ keeps each computation once)",
      tags,
      body: z.strictObject({ from: day, to: day }).refine((body) => !isCalendarDay(body.from) || !isCalendarDay(body.to) || body.to >= body.from, { message: 'to must not be before from', path: ['to'] }),
      response: { 200: z.object({ published: z.number().int().describe('hours sent'), provisional: z.number().int().describe('of which not final yet') }) },
    },
  }, async (request) => {
    if (!deps.summaries) throw new HttpError(409, 'this hub sends no summaries: set HQ_MQTT_URL, or use an external broker that bridges them to HQ (hub/hq/README.md)');
    if (!deps.summaries.connected) throw new HttpError(503, 'the broker that takes the summaries to HQ is not reachable now; they are sent when it is back');
    const timezone = await experience.timezone();
    const { from, to } = request.body;
    await deps.audit.record(caller(request).name, 'experience.publish', undefined, { from, to });
    return deps.summaries.publishRange(new Date(startOfLocalDay(from, timezone)), new Date(startOfLocalDay(addDays(to, 1), timezone)));
  });
};
