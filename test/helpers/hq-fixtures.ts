/**
 * Three branches' days as HQ stores them, for the HQ page's browser test: every hour of each
 * branch-local day goes through the HQ summary store as the `tp.branch.summary` its hub would
 * send once the hour is final (the real aggregate, the real event id). Period Mon 2 – Wed 4
 * March 2026, all in Shanghai time; waits against targets teller 600 s, fx 900 s:
 *
 * | branch | region | days | tickets (wait in s) | service level | answers |
 * | --- | --- | --- | --- | --- | --- |
 * | bj-chaoyang | north | Mon, Wed | teller 120, 240; fx 300 | 3/3 | none |
 * | sh-pudong | east | Mon, Tue, Wed | teller 300, 500, 200, 900, 400; fx 700, 1200, 600 | 6/8 | 36: scores shown |
 * | hz-xihu | east | Tue, Wed | teller 100, 700, 800 | 1/3 | 12: scores hidden; a fall on Tue |
 *
 * Shanghai's kiosks also took self-help questions (`SH_SELF_HELP`): card not arrived 4 (3 answered
 * surely, 3 helped, 1 asked for a person), lost or stolen card 1 (sure, asked for a person),
 * exchange rate 1 (not sure, gave up).
 */
import { expect } from 'vitest';
import { records, servedTicket } from '../../hub/experience/kpi-test-kit.ts';
import type { ExperienceRecords, FeedbackRecord, KioskSessionRecord, Need } from '../../hub/experience/kpi-types.ts';
import { HOUR_MS, localHourStarts } from '../../hub/experience/local-hours.ts';
import { summaryFor, type TestBranch } from '../../hub/hq/summary-test-kit.ts';
import { localTimeToMs } from '../../hub/queue/branch-time.ts';
import type { TestHub } from './in-process-hub.ts';

/** Wed 4 March 2026, 01:00 on Thursday in Shanghai: every branch's Wednesday has just been sent. */
export const HQ_NOW = Date.parse('2026-03-04T17:00:00Z');
export const HQ_PERIOD = { from: '2026-03-02', to: '2026-03-04' } as const;

const TARGETS = { teller: 600, fx: 900 };
const TZ = 'Asia/Shanghai';

export const HQ_BRANCHES = {
  'bj-chaoyang': { name: 'Beijing Chaoyang', nameZh: '北京朝阳支行', region: 'north', timezone: TZ },
  'sh-pudong': { name: 'Shanghai Pudong', nameZh: '上海浦东支行', region: 'east', timezone: TZ },
  'hz-xihu': { name: 'Hangzhou West Lake', nameZh: '杭州西湖支行', region: 'east', timezone: TZ },
} as const satisfies Record<string, TestBranch>;
export type HqBranchId = keyof typeof HQ_BRANCHES;

const at = (date: string, time: string) => localTimeToMs(date, time, TZ);
const served = (serviceId: 'teller' | 'fx', date: string, time: string, waitS: number) => servedTicket(serviceId, at(date, time), waitS, 240);
const answers = (n: number, date: string, time: string, csat: number, nps: number): FeedbackRecord[] =>
  Array.from({ length: n }, () => ({ at: at(date, time), serviceId: 'teller', csat, nps, comment: null }));

const asked = (date: string, time: string, need: Need, sure: boolean, outcome: 'completed' | 'escalated' | 'abandoned'): KioskSessionRecord => ({
  at: at(date, time), zoneId: 'kiosk-area', task: outcome === 'escalated' ? 'call-person' : 'self-help', outcome, answer: { need, sure },
});
/** Shanghai's self-help questions on Tuesday and Wednesday. */
const SH_SELF_HELP = {
  '2026-03-03': [
    asked('2026-03-03', '10:10', 'card_arrival', true, 'completed'), asked('2026-03-03', '10:20', 'card_arrival', true, 'completed'),
    asked('2026-03-03', '11:10', 'card_arrival', false, 'escalated'), asked('2026-03-03', '11:30', 'lost_or_stolen_card', true, 'escalated'),
  ],
  '2026-03-04': [asked('2026-03-04', '14:00', 'card_arrival', true, 'completed'), asked('2026-03-04', '14:30', 'exchange_rate', false, 'abandoned')],
};

/** Sends HQ every hour of a branch-local day, as the branch's hub does once each hour is final. */
async function reportDay(hub: TestHub, branchId: HqBranchId, date: string, parts: Partial<ExperienceRecords>): Promise<void> {
  const branch = HQ_BRANCHES[branchId];
  for (const hourStart of localHourStarts(date, branch.timezone)) {
    const { eventId, summary } = summaryFor({ branchId, branch, hourStart, records: records(parts), targets: TARGETS });
    expect(await hub.hq!.store.accept({ eventId, branchId, summary, receivedAt: new Date(hourStart + HOUR_MS + 5 * 60_000) })).toBe('stored');
  }
}

/** Stores the table above in the hub's HQ part (HUB_ROLE branch+hq). */
export async function feedHq(hub: TestHub): Promise<void> {
  await reportDay(hub, 'bj-chaoyang', '2026-03-02', { tickets: [served('teller', '2026-03-02', '09:10', 120), served('fx', '2026-03-02', '10:00', 300)] });
  await reportDay(hub, 'bj-chaoyang', '2026-03-04', { tickets: [served('teller', '2026-03-04', '11:00', 240)] });

  await reportDay(hub, 'sh-pudong', '2026-03-02', {
    tickets: [served('teller', '2026-03-02', '09:30', 300), served('teller', '2026-03-02', '09:40', 500), served('fx', '2026-03-02', '10:00', 700)],
  });
  await reportDay(hub, 'sh-pudong', '2026-03-03', {
    tickets: [served('teller', '2026-03-03', '10:00', 200), served('teller', '2026-03-03', '10:05', 900), served('fx', '2026-03-03', '14:00', 1200)],
    feedback: answers(20, '2026-03-03', '12:00', 5, 10),
    kioskSessions: SH_SELF_HELP['2026-03-03'],
  });
  await reportDay(hub, 'sh-pudong', '2026-03-04', {
    tickets: [served('teller', '2026-03-04', '15:00', 400), served('fx', '2026-03-04', '15:30', 600)],
    feedback: answers(16, '2026-03-04', '16:00', 4, 7),
    kioskSessions: SH_SELF_HELP['2026-03-04'],
  });

  const fall = at('2026-03-03', '11:00');
  await reportDay(hub, 'hz-xihu', '2026-03-03', {
    tickets: [served('teller', '2026-03-03', '09:00', 100), served('teller', '2026-03-03', '09:20', 700)],
    alerts: [{ id: 'hz-fall-1', kind: 'fall', openedAt: fall, resolvedAt: fall + 240_000, resolvedBy: 'staff' }],
    feedback: answers(12, '2026-03-03', '13:00', 4, 9),
  });
  await reportDay(hub, 'hz-xihu', '2026-03-04', { tickets: [served('teller', '2026-03-04', '10:00', 800)] });
}
