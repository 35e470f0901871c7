import { describe, expect, it } from 'vitest';
import { aggregateHour, mergeAggregates } from './aggregate.ts';
import { MINUTE, SECOND, records, servedTicket, ticket } from './kpi-test-kit.ts';
import type { FeedbackRecord } from './kpi-types.ts';
import { kpisOf } from './kpis.ts';

const TZ = 'Asia/Shanghai';
const H = Date.parse('2026-11-23T02:00:00Z'); // 10:00 in Shanghai
const TARGETS = { teller: 600 };
const BRANCH = { minResponses: 1 };
const HQ = { minResponses: 30 };

// Ten served tickets issued a minute apart; waits (s) 60 … 900, service times 120 … 300 s.
const WAITS = [60, 120, 180, 240, 300, 360, 420, 540, 720, 900];
const served = WAITS.map((waitS, i) => servedTicket('teller', H + i * MINUTE, waitS, 120 + 20 * i));
const gaveUp = [
  // left after 700 s, past the 600 s target: a service-level miss
  ticket('teller', H + 30 * MINUTE, { status: 'left', endedAt: H + 30 * MINUTE + 700 * SECOND }),
  // cancelled after 120 s, within target: not counted in the service level either way
  ticket('teller', H + 43 * MINUTE + 20 * SECOND, { status: 'cancelled', endedAt: H + 45 * MINUTE + 20 * SECOND }),
  // called after 300 s, never came: a no-show within target, also left out of the service level
  ticket('teller', H + 46 * MINUTE + 40 * SECOND, { status: 'no-show', calledAt: H + 51 * MINUTE + 40 * SECOND, endedAt: H + 52 * MINUTE + 40 * SECOND }),
  // still waiting when the hour ends
  ticket('teller', H + 50 * MINUTE),
];

const answer = (csat: number, nps: number | null, comment: string | null = null): FeedbackRecord => ({ at: H + 40 * MINUTE, serviceId: 'teller', csat, nps, comment });
const feedback = [
  answer(5, 10, 'great'), answer(5, 9), answer(4, 9), answer(4, 8, '   '), answer(3, 7), answer(2, 6, 'slow'), answer(1, 3, 'waited too long'),
  answer(2, null, 'rude'),
];

const alerts = [
  { id: 'a1', kind: 'fall', openedAt: H + 5 * MINUTE, resolvedAt: H + 10 * MINUTE, resolvedBy: 'staff' as const },
  { id: 'a2', kind: 'help-request', openedAt: H + 10 * MINUTE, resolvedAt: H + 13 * MINUTE, resolvedBy: 'manager' as const },
  { id: 'a3', kind: 'long-wait', openedAt: H + 20 * MINUTE, resolvedAt: H + 25 * MINUTE, resolvedBy: 'auto' as const },
  { id: 'a4', kind: 'edge-offline', openedAt: H + 30 * MINUTE, resolvedAt: null, resolvedBy: null },
];
const dispatches = [
  { id: 'd1', alertId: 'a1', createdAt: H + 5 * MINUTE, acceptedAt: H + 5 * MINUTE + 20 * SECOND, arrivedAt: H + 6 * MINUTE + 50 * SECOND },
  { id: 'd2', alertId: 'a2', createdAt: H + 10 * MINUTE, acceptedAt: H + 10 * MINUTE + 40 * SECOND, arrivedAt: H + 11 * MINUTE + 40 * SECOND },
];

const session = (task: 'ticket' | 'self-help' | 'call-person' | 'appointment', outcome: 'completed' | 'abandoned' | 'timeout' | 'escalated' | 'error') =>
  ({ at: H + 15 * MINUTE, zoneId: 'kiosk-area', task, outcome });
const kioskSessions = [
  session('ticket', 'completed'), session('ticket', 'completed'), session('ticket', 'completed'), session('ticket', 'abandoned'),
  session('self-help', 'timeout'), session('call-person', 'escalated'), session('appointment', 'error'),
];
const queueObservations = [3, 6, 4].map((count, i) => ({ at: H + i * 10 * MINUTE, zoneId: 'teller-line', count }));

const fixture = records({ tickets: [...served, ...gaveUp], feedback, alerts, dispatches, kioskSessions, queueObservations });

describe('KPIs of one hour, checked by hand', () => {
  const kpis = kpisOf(aggregateHour(fixture, H, TZ, TARGETS), BRANCH);

  it('counts tickets and rates them against the tickets issued', () => {
    expect(kpis.tickets).toMatchObject({ issued: 14, served: 10, noShow: 1, abandoned: 2 });
    expect(kpis.tickets.noShowRate).toBe(0.0714); // 1 / 14
    expect(kpis.tickets.abandonmentRate).toBe(0.1429); // 2 / 14
  });

  it('gives the average and the nearest-rank p90 wait of served tickets', () => {
    // sum 3,840 s / 10; p90 = the ceil(0.9 × 10) = 9th smallest; p50 = the 5th
    expect(kpis.tickets.wait).toEqual({ count: 10, avgS: 384, p50S: 300, p90S: 720 });
  });

  it('counts a customer who gave up after the target as a miss, and one who gave up sooner not at all', () => {
    // 8 served within 600 s / (10 served + 1 left after 700 s)
    expect(kpis.tickets.serviceLevel).toBe(0.7273);
    expect(kpis.tickets.serviceLevelBase).toBe(11);
  });

  it('averages service time from start to end', () => {
    expect(kpis.tickets.serviceTime).toMatchObject({ count: 10, avgS: 210 });
  });

  it('compares the camera queue peak with the most tickets waiting at once', () => {
    expect(kpis.queueLength).toEqual({ cameraPeakByZone: { 'teller-line': 6 }, ticketsWaitingPeakByService: { teller: 5 } });
    expect(kpis.tickets.peakWaiting).toBe(5);
  });

  it('scores CSAT and NPS with their counts, and counts comments and complaints', () => {
    // CSAT: 4 of 8 answered 4-5. NPS over the 7 who answered it: (3 promoters − 2 detractors) / 7.
    expect(kpis.feedback).toEqual({
      csat: { responses: 8, score: 50, suppressed: false },
      nps: { responses: 7, score: 14.3, suppressed: false },
      comments: 4,
      complaints: 3,
    });
    expect(kpis.feedbackByService.teller).toEqual(kpis.feedback);
  });

  it('counts distress incidents by kind and times the responses', () => {
    expect(kpis.distress).toEqual({ fall: 1, 'help-request': 1, 'long-wait': 1 });
    expect(kpis.alerts).toMatchObject({ opened: 4, resolvedByPerson: 2, resolvedAuto: 1 });
    expect(kpis.alerts.accept).toEqual({ count: 2, avgS: 30, p50S: 20, p90S: 40 });
    expect(kpis.alerts.arrive).toEqual({ count: 2, avgS: 75, p50S: 60, p90S: 90 });
    expect(kpis.alerts.resolve).toEqual({ count: 2, avgS: 240, p50S: 180, p90S: 300 });
  });

  it('gives kiosk completion and abandonment (timeouts included) over all sessions', () => {
    expect(kpis.kiosk).toMatchObject({ sessions: 7, completed: 3, abandoned: 2, completionRate: 0.4286, abandonmentRate: 0.2857 });
    expect(kpis.kiosk.byTask.ticket).toEqual({ sessions: 4, completed: 3, completionRate: 0.75 });
  });

  it('reports no self-help answers when no session took one', () => {
    expect(kpis.kiosk.selfHelp).toEqual({ sessions: 0, sureRate: null, helpedRate: null, handedOverRate: null, byNeed: {} });
  });

  it('hides scores from fewer than 30 answers at HQ but keeps their counts', () => {
    expect(kpisOf(aggregateHour(fixture, H, TZ, TARGETS), HQ).feedback.nps).toEqual({ responses: 7, score: null, suppressed: true });
  });
});

describe('self-help answers', () => {
  type Outcome = 'completed' | 'abandoned' | 'escalated';
  const asked = (need: 'card_arrival' | 'lost_or_stolen_card' | 'exchange_rate', sure: boolean, outcome: Outcome, at = H + 20 * MINUTE) =>
    ({ at, zoneId: 'kiosk-area', task: outcome === 'escalated' ? 'call-person' as const : 'self-help' as const, outcome, answer: { need, sure } });
  const sessions = [
    asked('card_arrival', true, 'completed'), asked('card_arrival', true, 'completed'), asked('card_arrival', false, 'escalated'),
    asked('lost_or_stolen_card', true, 'escalated'), asked('exchange_rate', false, 'abandoned'),
    session('self-help', 'completed'), // browsed the guides without asking
    asked('exchange_rate', true, 'completed', H + 61 * MINUTE), // the next hour
  ];
  const hour = aggregateHour(records({ kioskSessions: sessions }), H, TZ, TARGETS);

  it('counts, by the need understood, how often the kiosk was sure, helped, or the customer asked for a person', () => {
    const { selfHelp } = kpisOf(hour, BRANCH).kiosk;
    expect(selfHelp).toMatchObject({ sessions: 5, sureRate: 0.6, helpedRate: 0.4, handedOverRate: 0.4 });
    expect(selfHelp.byNeed).toEqual({
      card_arrival: { sessions: 3, sureRate: 0.6667, helpedRate: 0.6667, handedOverRate: 0.3333 },
      lost_or_stolen_card: { sessions: 1, sureRate: 1, helpedRate: 0, handedOverRate: 1 },
      exchange_rate: { sessions: 1, sureRate: 0, helpedRate: 0, handedOverRate: 0 },
    });
  });

  it('merges with an hour computed before answers were counted as if that hour had none', () => {
    const { selfHelp: _none, ...before } = aggregateHour(records(), H - 60 * MINUTE, TZ, TARGETS);
    const day = kpisOf(mergeAggregates([before, hour]), BRANCH);
    expect(day.kiosk.selfHelp).toEqual(kpisOf(hour, BRANCH).kiosk.selfHelp);
    expect(day.period.hours).toBe(2);
  });
});

describe('KPI edge cases', () => {
  it('reports an hour with nothing as zero counts and null measures, never NaN', () => {
    const kpis = kpisOf(aggregateHour(records(), H, TZ, TARGETS), HQ);
    expect(kpis.tickets).toEqual({
      issued: 0, transfersIn: 0, transfersOut: 0, served: 0, noShow: 0, abandoned: 0, noShowRate: null, abandonmentRate: null,
      wait: { count: 0, avgS: null, p50S: null, p90S: null }, serviceLevel: null, serviceLevelBase: 0,
      serviceTime: { count: 0, avgS: null, p50S: null, p90S: null }, peakWaiting: 0,
    });
    expect(kpis.byService).toEqual({});
    expect(kpis.feedback.csat).toEqual({ responses: 0, score: null, suppressed: false });
    expect(kpis.kiosk.completionRate).toBeNull();
    expect(kpis.alerts.accept.p90S).toBeNull();
  });

  it('has no scores when tickets were served but nobody answered', () => {
    const kpis = kpisOf(aggregateHour(records({ tickets: served }), H, TZ, TARGETS), BRANCH);
    expect(kpis.feedback.nps).toEqual({ responses: 0, score: null, suppressed: false });
  });

  it('gives NPS 100 and CSAT 100 when everyone is a promoter', () => {
    const kpis = kpisOf(aggregateHour(records({ feedback: [answer(5, 10), answer(4, 9)] }), H, TZ, TARGETS), BRANCH);
    expect([kpis.feedback.csat.score, kpis.feedback.nps.score]).toEqual([100, 100]);
  });

  it('shows a score from exactly 30 answers at HQ and hides one from 29', () => {
    const thirty = Array.from({ length: 30 }, (_, i) => answer(i < 15 ? 5 : 3, i < 15 ? 10 : 5));
    const shown = kpisOf(aggregateHour(records({ feedback: thirty }), H, TZ, TARGETS), HQ).feedback;
    expect(shown.csat).toEqual({ responses: 30, score: 50, suppressed: false });
    expect(shown.nps).toEqual({ responses: 30, score: 0, suppressed: false });
    const hidden = kpisOf(aggregateHour(records({ feedback: thirty.slice(1) }), H, TZ, TARGETS), HQ).feedback;
    expect(hidden.csat).toEqual({ responses: 29, score: null, suppressed: true });
  });

  it('leaves a service without a target out of the service level', () => {
    const kpis = kpisOf(aggregateHour(records({ tickets: [servedTicket('fx', H, 60, 60)] }), H, TZ, TARGETS), BRANCH);
    expect(kpis.byService.fx).toMatchObject({ served: 1, serviceLevel: null, serviceLevelBase: 0 });
  });

  it('measures a transferred ticket’s wait from the transfer, and counts the visit as issued once', () => {
    const first = servedTicket('teller', H, 300, 120);
    const transferAt = first.endedAt!;
    const second = ticket('fx', H, { joinedAt: transferAt, transferredFromId: first.id, status: 'done', calledAt: transferAt + 120 * SECOND, startedAt: transferAt + 150 * SECOND, endedAt: transferAt + 400 * SECOND });
    const kpis = kpisOf(aggregateHour(records({ tickets: [{ ...first, status: 'transferred' }, second] }), H, TZ, { teller: 600, fx: 600 }), BRANCH);
    expect(kpis.tickets).toMatchObject({ issued: 1, transfersIn: 1, transfersOut: 1, served: 2 });
    expect(kpis.byService.fx!.wait.avgS).toBe(120);
  });

  it('counts each fact in the hour it happened: issued at 09:55, served at 10:10', () => {
    const t = ticket('teller', H - 5 * MINUTE, { status: 'serving', calledAt: H + 10 * MINUTE, startedAt: H + 11 * MINUTE });
    const nine = kpisOf(aggregateHour(records({ tickets: [t] }), H - 60 * MINUTE, TZ, TARGETS), BRANCH).tickets;
    const ten = kpisOf(aggregateHour(records({ tickets: [t] }), H, TZ, TARGETS), BRANCH).tickets;
    expect([nine.issued, nine.served, nine.peakWaiting]).toEqual([1, 0, 1]);
    expect([ten.issued, ten.served, ten.wait.avgS, ten.peakWaiting]).toEqual([0, 1, 900, 1]);
    const day = kpisOf(mergeAggregates([aggregateHour(records({ tickets: [t] }), H - 60 * MINUTE, TZ, TARGETS), aggregateHour(records({ tickets: [t] }), H, TZ, TARGETS)]), BRANCH);
    expect([day.tickets.issued, day.tickets.served, day.period.hours]).toEqual([1, 1, 2]);
  });

  it('refuses an hour that does not begin on the branch’s clock', () => {
    expect(() => aggregateHour(records(), H + 30 * MINUTE, TZ, TARGETS)).toThrow(RangeError);
    // 02:00Z is 07:30 in Kolkata
    expect(() => aggregateHour(records(), H, 'Asia/Kolkata', TARGETS)).toThrow(/does not begin a Asia\/Kolkata hour/);
  });
});
