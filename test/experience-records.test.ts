/**
 * The hub's rows → the records of one branch-local hour (hub/experience/records-from-db.ts), on a
 * real hub database: a transferred ticket joins its new queue at the transfer, kiosk sessions and
 * camera counts come from the event log of that hour only, alerts and dispatches give response
 * times, and a ticket the end-of-day close ends days later still counts in the hour it ended.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { aggregateHour } from '../hub/experience/aggregate.ts';
import { recordsOfHour, serviceTargets } from '../hub/experience/records-from-db.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock, queueApi } from './helpers/queue-api.ts';

const TZ = 'Asia/Shanghai';
const TEN = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (minutes: number) => new Date(TEN + minutes * MINUTE);

let hub: TestHub;
afterEach(() => hub.close());

async function logEvent(type: string, minutes: number, zoneId: string, data: object) {
  await hub.db.event.create({
    data: { id: randomUUID(), branchId: hub.branchId, sourceKind: 'edge', sourceId: 'edge-1', type, zoneId, time: at(minutes), receivedAt: at(minutes), data: JSON.stringify({ zoneId, ...data }) },
  });
}

describe('the records of one hour', () => {
  it('reads tickets, transfers, kiosk sessions with their self-help answers, camera counts, alerts and dispatches of that hour', async () => {
    const clock = new FakeClock(TEN);
    hub = await startTestHub({}, { now: clock.now });
    const { take, call } = queueApi(() => hub);
    clock.advance(5);
    const ticket = await take('teller');
    clock.advance(10); // 10:15: moved to foreign exchange before anyone called it.
    const moved = await call('POST', `/queue/tickets/${ticket.id}/transfer`, { body: { serviceId: 'fx' } });
    expect(moved.status).toBe(201);
    await logEvent('tp.kiosk.session', 20, 'kiosk-area', { sessionId: randomUUID(), task: 'ticket', outcome: 'completed', durationS: 40 });
    const answer = { need: 'card_arrival', confidence: 0.42, sure: false };
    await logEvent('tp.kiosk.session', 25, 'kiosk-area', { sessionId: randomUUID(), task: 'call-person', outcome: 'escalated', durationS: 30, answer });
    await logEvent('tp.queue.observed', 30, 'teller-line', { count: 4, waitEstimateS: null, confidence: 0.9, windowS: 30 });
    await logEvent('tp.queue.observed', 65, 'teller-line', { count: 9, waitEstimateS: null, confidence: 0.9, windowS: 30 }); // 11:05, the next hour
    const alert = await hub.db.alert.create({
      data: { branchId: hub.branchId, kind: 'help-request', severity: 'medium', status: 'resolved', dedupKey: 'help:kiosk-area', openedAt: at(40), resolvedAt: at(50), resolvedBy: 'staff' },
    });
    await hub.db.dispatch.create({ data: { id: randomUUID(), branchId: hub.branchId, alertId: alert.id, status: 'resolved', createdAt: at(41), acceptedAt: at(42), arrivedAt: at(45) } });

    const window = { start: TEN, end: TEN + HOUR };
    const records = await recordsOfHour(hub.db, hub.branchId, window, TZ);
    expect(records.tickets.map((record) => [record.serviceId, record.status, record.joinedAt])).toEqual(expect.arrayContaining([
      ['teller', 'transferred', TEN + 5 * MINUTE],
      ['fx', 'waiting', TEN + 15 * MINUTE], // kept the original's issue time, joined at the transfer
    ]));
    expect(records.kioskSessions.toSorted((a, b) => a.at - b.at)).toEqual([
      { at: TEN + 20 * MINUTE, zoneId: 'kiosk-area', task: 'ticket', outcome: 'completed' },
      { at: TEN + 25 * MINUTE, zoneId: 'kiosk-area', task: 'call-person', outcome: 'escalated', answer: { need: 'card_arrival', sure: false } },
    ]);
    expect(records.queueObservations).toEqual([{ at: TEN + 30 * MINUTE, zoneId: 'teller-line', count: 4 }]);

    const hour = aggregateHour(records, TEN, TZ, await serviceTargets(hub.db, hub.branchId));
    expect(hour.tickets.teller).toMatchObject({ issued: 1, transfersOut: 1 });
    expect(hour.tickets.fx).toMatchObject({ issued: 0, transfersIn: 1, peakWaiting: 1 });
    expect(hour.cameraPeaks).toEqual({ 'teller-line': 4 });
    expect(hour.kiosk).toEqual({ ticket: { completed: 1 }, 'call-person': { escalated: 1 } });
    expect(hour.selfHelp).toEqual({ card_arrival: { sessions: 1, sure: 0, helped: 0, handedOver: 1 } });
    expect(hour.alerts).toMatchObject({
      openedByKind: { 'help-request': 1 }, resolvedByPerson: 1,
      accept: { count: 1, sumMs: MINUTE }, arrive: { count: 1, sumMs: 3 * MINUTE }, resolve: { count: 1, sumMs: 10 * MINUTE },
    });
  });

  it('finds a ticket the end-of-day close ended days later, in the hour it was ended', async () => {
    const clock = new FakeClock(TEN);
    hub = await startTestHub({}, { now: clock.now });
    const ticket = await queueApi(() => hub).take('teller');
    clock.ms = Date.parse('2026-03-04T03:00:00Z'); // 11:00 two days later: the hub was off meanwhile.
    expect(await hub.queue.closePreviousDays()).toBe(1);
    const records = await recordsOfHour(hub.db, hub.branchId, { start: clock.ms, end: clock.ms + HOUR }, TZ);
    expect(records.tickets).toMatchObject([{ id: ticket.id, status: 'left', endedAt: clock.ms }]);
    expect(aggregateHour(records, clock.ms, TZ, {}).tickets.teller).toMatchObject({ issued: 0, abandoned: 1 });
  });
  it('reads a busy hour of more tickets than SQLite binds in one statement, from that day and from days before', async () => {
    const clock = new FakeClock(TEN);
    hub = await startTestHub({}, { now: clock.now });
    const BUSY = 1_200;
    // Served today between 10:00 and 11:00; and as many left open three days ago, ended by a late close at 10:30.
    const today = Array.from({ length: BUSY }, (_, i) => ({
      id: `busy-${i}`, day: '2026-03-02', issuedAt: at(i * 0.04), startedAt: at(i * 0.04 + 5), endedAt: at(i * 0.04 + 9), status: 'done',
    }));
    const old = Array.from({ length: BUSY }, (_, i) => ({
      id: `old-${i}`, day: '2026-02-27', issuedAt: new Date(TEN - 3 * 24 * HOUR + i * 1000), startedAt: null, endedAt: at(30), status: 'left',
    }));
    const tickets = [...today, ...old];
    await hub.db.ticket.createMany({
      data: tickets.map((ticket, i) => ({
        ...ticket, branchId: hub.branchId, serviceId: 'teller', seq: i + 1, number: `A${i + 1}`, code: `code-${ticket.id}`, priority: 'normal', language: 'en', queuedAt: ticket.issuedAt,
      })),
    });
    await hub.db.ticketEvent.createMany({ data: tickets.map((ticket) => ({ ticketId: ticket.id, at: ticket.endedAt, from: 'waiting', to: ticket.status, actor: 'test' })) });

    const records = await recordsOfHour(hub.db, hub.branchId, { start: TEN, end: TEN + HOUR }, TZ);
    expect(records.tickets.filter((ticket) => ticket.status === 'done')).toHaveLength(BUSY);
    expect(records.tickets.filter((ticket) => ticket.status === 'left')).toHaveLength(BUSY);
    // The hub computes that hour once it is over, and the ones after it.
    clock.ms = TEN + 2 * HOUR;
    await hub.experience.tick();
    const hours = await hub.inject('GET', '/api/v1/experience/kpis?from=2026-03-02&to=2026-03-02');
    expect(hours.status).toBe(200);
    expect(hours.body!.kpis.tickets).toMatchObject({ served: BUSY, abandoned: BUSY });
  });
});
