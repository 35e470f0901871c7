/**
 * HQ's reports over HTTP, from a real hub (HUB_ROLE branch+hq) fed the summaries two branch hubs
 * would send for every hour of their days, on a clock at Wed 4 March 2026 17:00 UTC:
 * - sh-pudong (Shanghai, east): Mon 2nd one ticket served in 300 s; Tue 3rd two in 300 and 900 s
 *   and 20 answers (CSAT 5, NPS 10); Wed 4th two in 200 and 400 s and 10 answers (CSAT 1, NPS 0).
 * - ber-mitte (Berlin, europe): Tue 3rd a teller ticket issued 00:30 (Monday in UTC) served in
 *   100 s, an fx ticket served in 1,000 s (target 900 s), a fall, 5 answers (CSAT 4, NPS 9).
 * - ny-soho (New York, americas): Sun 1st only, so it is stale and outside the period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { records, servedTicket } from '../hub/experience/kpi-test-kit.ts';
import type { ExperienceRecords, FeedbackRecord } from '../hub/experience/kpi-types.ts';
import { HOUR_MS, localHourStarts } from '../hub/experience/local-hours.ts';
import { RANKING_CSV_HEADER } from '../hub/hq/ranking-csv.ts';
import { summaryFor, type TestBranch } from '../hub/hq/summary-test-kit.ts';
import { localTimeToMs } from '../hub/queue/branch-time.ts';
import { ADMIN_TOKEN, startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock, queueApi } from './helpers/queue-api.ts';

const TARGETS = { teller: 600, fx: 900 };
const SH: TestBranch = { name: 'Pudong, "Lujiazui"', nameZh: '浦东支行，陆家嘴', region: 'east', timezone: 'Asia/Shanghai' };
const BER: TestBranch = { name: 'Berlin Mitte', nameZh: '柏林米特支行', region: 'europe', timezone: 'Europe/Berlin' };
const NY: TestBranch = { name: 'New York SoHo', nameZh: '纽约苏荷支行', region: 'americas', timezone: 'America/New_York' };
const PERIOD = 'from=2026-03-03&to=2026-03-04';

const clock = new FakeClock(Date.parse('2026-03-04T17:00:00Z'));
let hub: TestHub;
const api = queueApi(() => hub);
const { call } = api;

const at = (branch: TestBranch, date: string, time: string) => localTimeToMs(date, time, branch.timezone);
const answers = (n: number, time: number, csat: number, nps: number): FeedbackRecord[] =>
  Array.from({ length: n }, () => ({ at: time, serviceId: 'teller', csat, nps, comment: null }));

/** Sends HQ every hour of a branch-local day, as the branch's hub does once each hour is final. */
async function reportDay(branchId: string, branch: TestBranch, date: string, parts: Partial<ExperienceRecords>) {
  for (const hourStart of localHourStarts(date, branch.timezone)) {
    const { eventId, summary } = summaryFor({ branchId, branch, hourStart, records: records(parts), targets: TARGETS });
    expect(await hub.hq!.store.accept({ eventId, branchId, summary, receivedAt: new Date(hourStart + HOUR_MS + 5 * 60_000) })).toBe('stored');
  }
}

beforeAll(async () => {
  hub = await startTestHub({ HUB_ROLE: 'branch+hq' }, { now: clock.now });
  await reportDay('ny-soho', NY, '2026-03-01', { tickets: [servedTicket('teller', at(NY, '2026-03-01', '10:00'), 60, 60)] });
  await reportDay('sh-pudong', SH, '2026-03-02', { tickets: [servedTicket('teller', at(SH, '2026-03-02', '10:00'), 300, 60)] });
  await reportDay('sh-pudong', SH, '2026-03-03', {
    tickets: [servedTicket('teller', at(SH, '2026-03-03', '10:00'), 300, 60), servedTicket('teller', at(SH, '2026-03-03', '10:05'), 900, 60)],
    feedback: answers(20, at(SH, '2026-03-03', '12:00'), 5, 10),
  });
  await reportDay('sh-pudong', SH, '2026-03-04', {
    tickets: [servedTicket('teller', at(SH, '2026-03-04', '14:00'), 200, 60), servedTicket('teller', at(SH, '2026-03-04', '14:05'), 400, 60)],
    feedback: answers(10, at(SH, '2026-03-04', '16:00'), 1, 0),
  });
  const fall = at(BER, '2026-03-03', '11:00');
  await reportDay('ber-mitte', BER, '2026-03-03', {
    tickets: [servedTicket('teller', at(BER, '2026-03-03', '00:30'), 100, 60), servedTicket('fx', at(BER, '2026-03-03', '10:00'), 1000, 60)],
    alerts: [{ id: 'a1', kind: 'fall', openedAt: fall, resolvedAt: fall + 180_000, resolvedBy: 'staff' }],
    feedback: answers(5, at(BER, '2026-03-03', '12:00'), 4, 9),
  });
});

afterAll(async () => {
  await hub.close();
});

// The hub's own demo branch (b001) starts its log on 5 March, Shanghai time: it has no days in these periods.
const ids = (rows: Array<{ branch: { id: string } }>) => rows.map((row) => row.branch.id);

describe('the branches HQ knows', () => {
  it('lists each with its names and region, stale when no recent hour arrived', async () => {
    const { status, body } = await call('GET', '/hq/branches');
    expect(status).toBe(200);
    const byId = new Map(body.branches.map((branch: { id: string }) => [branch.id, branch]));
    // Shanghai's last hour ended 16:00 UTC, an hour ago; Berlin's at 23:00 UTC the day before.
    expect(byId.get('sh-pudong')).toMatchObject({ name: SH.name, nameZh: SH.nameZh, region: 'east', hoursReported: 72, lastHourEnd: '2026-03-04T16:00:00.000Z', stale: false });
    expect(byId.get('ber-mitte')).toMatchObject({ region: 'europe', hoursReported: 24, stale: true });
    expect(byId.get('ny-soho')).toMatchObject({ firstHourStart: '2026-03-01T05:00:00.000Z', stale: true });
  });
});

describe('the ranking', () => {
  it('ranks the branches with data by service level, each over its own merged days, with the previous period', async () => {
    const { status, body } = await call('GET', `/hq/ranking?${PERIOD}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ period: { from: '2026-03-03', to: '2026-03-04' }, previousPeriod: { from: '2026-03-01', to: '2026-03-02' }, minResponses: 30, sort: 'serviceLevel' });
    expect(ids(body.rows)).toEqual(['sh-pudong', 'ber-mitte']);
    const [sh, ber] = body.rows;
    // Within 600 s: 300, 200, 400 of Shanghai's four; 30 answers over two days, so the scores show.
    expect(sh).toMatchObject({ rank: 1, days: 2, kpis: { issued: 4, serviceLevel: 0.75, waitAvgS: 450, nps: { responses: 30, score: 33.3 }, csat: { score: 66.7 } } });
    expect(sh.previous).toMatchObject({ issued: 1, serviceLevel: 1 });
    expect(ber).toMatchObject({ rank: 2, days: 1, previous: null, kpis: { issued: 2, serviceLevel: 0.5, incidents: 1, incidentsByKind: { fall: 1 }, resolveP50S: 180 } });
    expect(ber.kpis.nps).toEqual({ responses: 5, score: null, suppressed: true });
    // All answers together: (25 promoters − 10 detractors) / 35; 4 of 6 within target.
    expect(body.total).toMatchObject({ issued: 6, serviceLevel: 0.6667, nps: { responses: 35, score: 42.9, suppressed: false } });
  });

  it('sorts by another KPI, keeps a hidden score last, and filters by region and service', async () => {
    expect(ids((await call('GET', `/hq/ranking?${PERIOD}&sort=waitAvgS`)).body.rows)).toEqual(['sh-pudong', 'ber-mitte']);
    expect(ids((await call('GET', `/hq/ranking?${PERIOD}&sort=nps`)).body.rows)).toEqual(['sh-pudong', 'ber-mitte']);
    const europe = (await call('GET', `/hq/ranking?${PERIOD}&region=europe`)).body;
    expect(ids(europe.rows)).toEqual(['ber-mitte']);
    expect(europe.total).toMatchObject({ issued: 2 });
    const fx = (await call('GET', `/hq/ranking?${PERIOD}&serviceId=fx`)).body;
    expect(fx.rows.map((row: any) => [row.branch.id, row.kpis.issued, row.kpis.serviceLevel])).toEqual([['ber-mitte', 1, 0], ['sh-pudong', 0, null]]);
  });

  it('downloads as CSV with the same rows and values', async () => {
    const json = await call('GET', `/hq/ranking?${PERIOD}`);
    const csv = await hub.api.inject({ method: 'GET', url: `/api/v1/hq/ranking.csv?${PERIOD}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="touchpoint-hq-ranking-2026-03-03-2026-03-04.csv"');
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const lines = csv.body.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(RANKING_CSV_HEADER.join(','));
    expect(lines).toHaveLength(json.body.rows.length + 1);
    const column = (name: string) => RANKING_CSV_HEADER.indexOf(name);
    // Shanghai's name holds a comma and quotes: quoted, so split only the second row naively.
    expect(lines[1]).toContain('"Pudong, ""Lujiazui""",浦东支行，陆家嘴,east');
    const berlin = lines[2]!.split(',');
    const row = json.body.rows[1];
    expect([berlin[column('rank')], berlin[column('branchId')], berlin[column('issued')], berlin[column('serviceLevel')], berlin[column('nps')], berlin[column('npsResponses')], berlin[column('incidents.fall')]])
      .toEqual([String(row.rank), row.branch.id, String(row.kpis.issued), String(row.kpis.serviceLevel), '', String(row.kpis.nps.responses), '1']);
  });
});

describe('the trend, heatmap and one branch', () => {
  it('merges the branches per local day', async () => {
    const { body } = await call('GET', '/hq/trend?from=2026-03-02&to=2026-03-04');
    expect(body.days.map((day: any) => [day.date, day.branches, day.kpis.issued])).toEqual([['2026-03-02', 1, 1], ['2026-03-03', 2, 4], ['2026-03-04', 1, 2]]);
    const berlin = (await call('GET', '/hq/trend?from=2026-03-03&to=2026-03-03&branchId=ber-mitte&serviceId=teller')).body;
    expect(berlin.days).toEqual([expect.objectContaining({ date: '2026-03-03', branches: 1, kpis: expect.objectContaining({ issued: 1, waitAvgS: 100 }) })]);
  });

  it('counts tickets on each branch’s own weekday and hour', async () => {
    const { body } = await call('GET', '/hq/heatmap?from=2026-03-02&to=2026-03-04');
    // Berlin's Tuesday 00:30 is Monday 23:30 UTC; Tuesday 10:00-10:59: Shanghai's two and Berlin's fx ticket.
    expect(body.issued[1][0]).toBe(1);
    expect(body.issued[1][10]).toBe(3);
    expect(body.issued[0][10]).toBe(1);
    expect(body.days).toEqual([1, 2, 1, 0, 0, 0, 0]);
  });

  it('gives one branch’s full KPIs and its days, and 404 for a branch that never reported', async () => {
    const { status, body } = await call('GET', `/hq/branches/sh-pudong/kpis?${PERIOD}`);
    expect(status).toBe(200);
    expect(body.branch).toMatchObject({ id: 'sh-pudong', timezone: 'Asia/Shanghai' });
    expect(body.kpis.tickets).toMatchObject({ issued: 4, serviceLevel: 0.75, serviceLevelBase: 4 });
    expect(body.kpis.feedback.nps).toEqual({ responses: 30, score: 33.3, suppressed: false });
    expect(body.days.map((day: any) => [day.date, day.kpis.serviceLevel])).toEqual([['2026-03-03', 0.5], ['2026-03-04', 1]]);
    const fx = (await call('GET', `/hq/branches/ber-mitte/kpis?${PERIOD}&serviceId=fx`)).body;
    expect(Object.keys(fx.kpis.byService)).toEqual(['fx']);
    expect(fx.kpis.distress).toEqual({ fall: 1 });
    expect(await call('GET', `/hq/branches/nowhere/kpis?${PERIOD}`)).toMatchObject({ status: 404, body: { message: 'branch nowhere not found: it has never reported to HQ' } });
  });
});

describe('who may ask, and what', () => {
  it('refuses bad periods and an unknown sort with a message', async () => {
    expect(await call('GET', '/hq/ranking?from=2026-02-30&to=2026-03-04')).toMatchObject({ status: 400, body: { message: expect.stringContaining('a date YYYY-MM-DD') } });
    expect(await call('GET', '/hq/trend?from=2026-03-04&to=2026-03-03')).toMatchObject({ status: 400, body: { message: expect.stringContaining('to must not be before from') } });
    expect(await call('GET', '/hq/heatmap?from=2025-01-01&to=2026-03-04')).toMatchObject({ status: 400, body: { message: expect.stringContaining('at most 366 days') } });
    expect(await call('GET', `/hq/ranking?${PERIOD}&sort=fastest`)).toMatchObject({ status: 400, body: { message: expect.stringContaining('sort') } });
    expect(await call('GET', `/hq/ranking.csv?${PERIOD}&region=`)).toMatchObject({ status: 400 });
    expect(await call('GET', '/hq/ranking')).toMatchObject({ status: 400 });
  });

  it('answers HQ analysts and admins only', async () => {
    expect((await call('GET', `/hq/ranking?${PERIOD}`, { token: await api.login('hq-analyst', 'touchpoint-hq') })).status).toBe(200);
    expect((await call('GET', `/hq/ranking?${PERIOD}`, { token: null })).status).toBe(401);
    expect((await call('GET', '/hq/branches', { token: await api.login('wang', 'touchpoint-staff') })).status).toBe(403);
    const kiosk = await call('POST', '/devices', { body: { kind: 'kiosk', sourceId: 'kiosk-hq-test', name: 'Kiosk' } });
    expect((await call('GET', `/hq/ranking.csv?${PERIOD}`, { token: kiosk.body.mqtt.password })).status).toBe(403);
  });
});
