/**
 * HQ reports from branch-days, computed by hand. Three branches, the period Tue 3 – Wed 4 March
 * 2026 (previous period: Sun 1 – Mon 2 March):
 * - sh-pudong (Shanghai, east): Mon one teller ticket served in 300 s; Tue one served in 300 s
 *   (issued 07:30 local, still Monday in UTC) and 15 answers (CSAT 5, NPS 10); Wed three served
 *   in 300, 700 and 800 s and 14 answers (CSAT 2, NPS 6).
 * - ber-mitte (Berlin, europe): Tue two teller tickets served in 120 and 240 s, one fx ticket in
 *   1,000 s (target 900 s), one answer (CSAT 4, NPS 9).
 * - bj-xidan (Beijing, north): Tue kiosk sessions only, no tickets.
 */
import { describe, expect, it } from 'vitest';
import { aggregateHour, mergeAggregates } from '../experience/aggregate.ts';
import { records, servedTicket } from '../experience/kpi-test-kit.ts';
import type { ExperienceRecords, FeedbackRecord } from '../experience/kpi-types.ts';
import { localHourOfDay, localHourStarts } from '../experience/local-hours.ts';
import { localTimeToMs } from '../queue/branch-time.ts';
import { branchInfoOf, STALE_AFTER_MS } from './branch-info.ts';
import { previousPeriod } from './hq-period.ts';
import { ranking } from './hq-ranking.ts';
import { branchDetail, heatmap, trend, type BranchDay, type ReportInput } from './hq-reports.ts';
import type { HqBranchInfo } from './hq-types.ts';

const TARGETS = { teller: 600, fx: 900 };
const NOW = Date.parse('2026-03-05T12:00:00Z');
const SH = 'Asia/Shanghai';
const BER = 'Europe/Berlin';

function info(id: string, region: string, timezone: string): HqBranchInfo {
  const hourEnd = new Date(NOW - 30 * 60_000);
  return branchInfoOf(
    { id, name: id, nameZh: id, region, timezone, simulated: false, firstHourStart: new Date(NOW - 7 * 86_400_000), lastHourEnd: hourEnd, lastReportAt: hourEnd, hoursReported: 100 },
    NOW,
  );
}

/** The branch-day HQ would store: the merge of the day's local hours, tickets issued per hour. */
function day(branchId: string, timezone: string, localDate: string, parts: Partial<ExperienceRecords>): BranchDay {
  const hours = localHourStarts(localDate, timezone).map((start) => aggregateHour(records(parts), start, timezone, TARGETS));
  const issuedByHour = Array.from({ length: 24 }, () => 0);
  for (const hour of hours) issuedByHour[localHourOfDay(hour.start, timezone)]! += Object.values(hour.tickets).reduce((sum, part) => sum + part.issued, 0);
  return { branchId, localDate, aggregate: mergeAggregates(hours), issuedByHour };
}

const at = (timezone: string, date: string, time: string) => localTimeToMs(date, time, timezone);
const answers = (n: number, time: number, csat: number, nps: number): FeedbackRecord[] =>
  Array.from({ length: n }, () => ({ at: time, serviceId: 'teller', csat, nps, comment: null }));

const days: BranchDay[] = [
  day('sh-pudong', SH, '2026-03-02', { tickets: [servedTicket('teller', at(SH, '2026-03-02', '10:00'), 300, 60)] }),
  day('sh-pudong', SH, '2026-03-03', {
    tickets: [servedTicket('teller', at(SH, '2026-03-03', '07:30'), 300, 60)],
    feedback: answers(15, at(SH, '2026-03-03', '12:00'), 5, 10),
  }),
  day('sh-pudong', SH, '2026-03-04', {
    tickets: [300, 700, 800].map((waitS, i) => servedTicket('teller', at(SH, '2026-03-04', `09:${i}0`), waitS, 60)),
    feedback: answers(14, at(SH, '2026-03-04', '15:00'), 2, 6),
  }),
  day('ber-mitte', BER, '2026-03-03', {
    tickets: [servedTicket('teller', at(BER, '2026-03-03', '10:00'), 120, 60), servedTicket('teller', at(BER, '2026-03-03', '10:05'), 240, 60), servedTicket('fx', at(BER, '2026-03-03', '11:00'), 1000, 60)],
    feedback: answers(1, at(BER, '2026-03-03', '12:00'), 4, 9),
  }),
  day('bj-xidan', SH, '2026-03-03', { kioskSessions: [{ at: at(SH, '2026-03-03', '10:00'), zoneId: 'kiosk', task: 'ticket', outcome: 'completed' }] }),
];
const branches = [info('sh-pudong', 'east', SH), info('ber-mitte', 'europe', BER), info('bj-xidan', 'north', SH)];
const input: ReportInput = { period: { from: '2026-03-03', to: '2026-03-04' }, branches, days };
const ids = (rows: Array<{ branch: { id: string } }>) => rows.map((row) => row.branch.id);

describe('the ranking', () => {
  const answer = ranking({ ...input, sort: 'serviceLevel' });

  it('merges each branch’s days: service level over all its answers, not the average of daily rates', () => {
    const sh = answer.rows.find((row) => row.branch.id === 'sh-pudong')!;
    // Tue 1 of 1 within target, Wed 1 of 3: 2 / 4, where the average of the days would be 0.6667.
    expect(sh).toMatchObject({ days: 2, kpis: { issued: 4, served: 4, serviceLevel: 0.5, waitAvgS: 525 } });
  });

  it('hides a score from 29 answers merged over two days, and shows the total’s from 30', () => {
    const sh = answer.rows.find((row) => row.branch.id === 'sh-pudong')!;
    expect(sh.kpis.nps).toEqual({ responses: 29, score: null, suppressed: true });
    // 15 + 14 + Berlin's one: 16 promoters − 14 detractors of 30; CSAT 16 of 30 answered 4-5.
    expect(answer.total.nps).toEqual({ responses: 30, score: 6.7, suppressed: false });
    expect(answer.total.csat).toEqual({ responses: 30, score: 53.3, suppressed: false });
  });

  it('merges all rows into the total rather than averaging the branches', () => {
    // Within target: Shanghai 2 of 4, Berlin 2 of 3 → 4 / 7 (the average of branches is 0.5833).
    expect(answer.total).toMatchObject({ issued: 7, served: 7, serviceLevel: 0.5714, kioskSessions: 1 });
  });

  it('ranks by the KPI with branches without it last, and ties by branch id', () => {
    expect(answer.rows.map((row) => [row.rank, row.branch.id, row.kpis.serviceLevel])).toEqual([[1, 'ber-mitte', 0.6667], [2, 'sh-pudong', 0.5], [3, 'bj-xidan', null]]);
    expect(ids(ranking({ ...input, sort: 'waitAvgS' }).rows)).toEqual(['ber-mitte', 'sh-pudong', 'bj-xidan']);
    expect(ids(ranking({ ...input, sort: 'issued' }).rows)).toEqual(['sh-pudong', 'ber-mitte', 'bj-xidan']);
    expect(ids(ranking({ ...input, sort: 'incidents' }).rows)).toEqual(['ber-mitte', 'bj-xidan', 'sh-pudong']);
    // Every NPS is hidden: all tie at "none", so the order is by id.
    expect(ids(ranking({ ...input, sort: 'nps' }).rows)).toEqual(['ber-mitte', 'bj-xidan', 'sh-pudong']);
  });

  it('compares with the previous equal-length period, null where a branch had no data then', () => {
    expect(answer.period).toEqual({ from: '2026-03-03', to: '2026-03-04' });
    expect(answer.previousPeriod).toEqual({ from: '2026-03-01', to: '2026-03-02' });
    expect(answer.rows.find((row) => row.branch.id === 'sh-pudong')!.previous).toMatchObject({ issued: 1, serviceLevel: 1, waitAvgS: 300 });
    expect(answer.rows.find((row) => row.branch.id === 'ber-mitte')!.previous).toBeNull();
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-01-29', to: '2026-02-28' });
  });

  it('filters by region, and by service: that service’s tickets only, a branch without it last', () => {
    const east = ranking({ ...input, sort: 'serviceLevel', filter: { region: 'east' } });
    expect(ids(east.rows)).toEqual(['sh-pudong']);
    expect(east.total).toMatchObject({ issued: 4, serviceLevel: 0.5 });
    const fx = ranking({ ...input, sort: 'serviceLevel', filter: { serviceId: 'fx' } });
    expect(fx.rows.map((row) => [row.branch.id, row.kpis.issued, row.kpis.serviceLevel])).toEqual([['ber-mitte', 1, 0], ['bj-xidan', 0, null], ['sh-pudong', 0, null]]);
    expect(fx.total).toMatchObject({ issued: 1, waitAvgS: 1000, nps: { responses: 0 } });
  });

  it('has no rows and an empty total for a period without data', () => {
    const empty = ranking({ ...input, period: { from: '2025-01-01', to: '2025-01-31' }, sort: 'csat' });
    expect(empty.rows).toEqual([]);
    expect(empty.total).toMatchObject({ issued: 0, serviceLevel: null, csat: { responses: 0, score: null, suppressed: false } });
  });
});

describe('the trend', () => {
  it('merges the filtered branches per date, every date of the period, none where no branch reported', () => {
    const answer = trend({ ...input, period: { from: '2026-03-03', to: '2026-03-05' } });
    expect(answer.days.map((d) => [d.date, d.branches, d.kpis.issued, d.kpis.serviceLevel])).toEqual([
      ['2026-03-03', 3, 4, 0.75], // Shanghai 1 of 1, Berlin 2 of 3
      ['2026-03-04', 1, 3, 0.3333],
      ['2026-03-05', 0, 0, null],
    ]);
    const berlin = trend({ ...input, filter: { branchId: 'ber-mitte', serviceId: 'teller' } });
    expect(berlin.days.map((d) => [d.branches, d.kpis.issued, d.kpis.waitAvgS])).toEqual([[1, 2, 180], [0, 0, null]]);
  });
});

describe('the busy-hours heatmap', () => {
  it('counts tickets on the branch’s own weekday and hour, and the branch-days behind each weekday', () => {
    const answer = heatmap({ ...input, period: { from: '2026-03-02', to: '2026-03-04' } });
    // Shanghai's Tuesday 07:30 is Monday 23:30 UTC: it is a Tuesday ticket.
    expect(answer.issued[1]![7]).toBe(1);
    expect(answer.issued[0]![10]).toBe(1); // Shanghai, Monday 10:00
    expect(answer.issued[1]![10]).toBe(2); // Berlin, Tuesday 10:00 and 10:05
    expect(answer.issued[1]![11]).toBe(1);
    expect(answer.issued[2]![9]).toBe(3);
    expect(answer.issued.flat().reduce((sum, n) => sum + n, 0)).toBe(8);
    expect(answer.days).toEqual([1, 3, 1, 0, 0, 0, 0]);
    expect(heatmap({ ...input, filter: { region: 'europe' } }).days).toEqual([0, 1, 0, 0, 0, 0, 0]);
  });
});

describe('one branch in full', () => {
  const branch = branches[0]!;

  it('gives its merged KPIs and the line of each day it reported', () => {
    const answer = branchDetail({ ...input, period: { from: '2026-03-03', to: '2026-03-05' }, branch });
    expect(answer.kpis.tickets).toMatchObject({ issued: 4, serviceLevel: 0.5, serviceLevelBase: 4 });
    expect(answer.kpis.byService.teller).toMatchObject({ served: 4 });
    expect(answer.kpis.feedback.csat).toEqual({ responses: 29, score: null, suppressed: true });
    expect(answer.days.map((d) => [d.date, d.kpis.issued, d.kpis.serviceLevel])).toEqual([['2026-03-03', 1, 1], ['2026-03-04', 3, 0.3333]]);
  });

  it('answers nothing measured, over the branch’s own local days, when it did not report', () => {
    const answer = branchDetail({ ...input, period: { from: '2026-02-01', to: '2026-02-02' }, branch });
    expect(answer.days).toEqual([]);
    expect(answer.kpis.period).toEqual({ start: Date.parse('2026-01-31T16:00:00Z'), end: Date.parse('2026-02-02T16:00:00Z'), hours: 48 });
    expect(answer.kpis.tickets).toMatchObject({ issued: 0, serviceLevel: null });
  });
});

describe('a branch’s status', () => {
  it('is stale once its latest hour ended more than 2 h 15 min ago', () => {
    const row = { id: 'sh-pudong', name: 'Pudong', nameZh: '浦东支行', region: 'east', timezone: SH, simulated: false, firstHourStart: new Date(0), lastReportAt: new Date(0), hoursReported: 1 };
    expect(branchInfoOf({ ...row, lastHourEnd: new Date(NOW - STALE_AFTER_MS) }, NOW).stale).toBe(false);
    expect(branchInfoOf({ ...row, lastHourEnd: new Date(NOW - STALE_AFTER_MS - 1) }, NOW).stale).toBe(true);
    // Simulated branches stop when their simulation ends; that is not an outage.
    expect(branchInfoOf({ ...row, simulated: true, lastHourEnd: new Date(NOW - STALE_AFTER_MS - 1) }, NOW).stale).toBe(false);
    expect(STALE_AFTER_MS).toBe(8_100_000);
  });
});
