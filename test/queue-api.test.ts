/**
 * The queue over HTTP, as the kiosk, the counter screen and the customer's phone use it: tickets
 * through their lifecycle, the fairness policy at the counters, transfers, appointments, and the
 * errors a wrong call gets. The hub's queue runs on a fake clock (Monday 09:30 in Shanghai).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock, queueApi } from './helpers/queue-api.ts';
import { until } from './helpers/until.ts';

const clock = new FakeClock(Date.parse('2026-03-02T01:30:00Z'));
let hub: TestHub;
const api = queueApi(() => hub);
const { call, take, callNext, act, openOnly } = api;
let staffToken: string;

beforeAll(async () => {
  hub = await startTestHub({}, { now: clock.now });
  staffToken = await api.login('wang', 'touchpoint-staff');
});
afterAll(() => hub.close());
beforeEach(async () => {
  await hub.db.ticket.deleteMany();
  await hub.db.appointment.deleteMany();
  // Closing every counter also forgets its priority streak.
  await openOnly();
  await openOnly('c1', 'c2', 'c4', 'vip1');
});

describe('taking a ticket', () => {
  it('answers a waiting ticket with its number, place, predicted wait and phone link', async () => {
    const first = await take('teller', 'normal', 'en');
    expect(first).toMatchObject({ number: 'A001', serviceId: 'teller', serviceNameEn: 'Deposits and withdrawals', serviceNameZh: '存取款', priority: 'normal', status: 'waiting', position: 1, counterId: null, calledAt: null });
    expect(first.url).toBe(`/ticket/?code=${first.code}`);
    expect(first.prediction.lowS).toBeLessThanOrEqual(first.prediction.expectedS);
    expect(first.prediction.expectedS).toBeLessThanOrEqual(first.prediction.highS);
    // Two teller counters stand idle: the first two are called as soon as staff press "call next";
    // the third waits for someone to finish.
    expect(first.prediction.expectedS).toBeLessThanOrEqual(60);
    clock.advance(1);
    const second = await take('teller');
    expect(second).toMatchObject({ number: 'A002', position: 2 });
    expect(second.prediction.expectedS).toBe(first.prediction.expectedS);
    clock.advance(1);
    const third = await take('teller');
    expect(third.prediction.expectedS).toBeGreaterThan(120);
    expect(await take('fx')).toMatchObject({ number: 'C001' });
    const stored = await hub.db.ticket.findUniqueOrThrow({ where: { id: second.id } });
    expect(stored).toMatchObject({ predictedLowS: second.prediction.lowS, predictedS: second.prediction.expectedS, predictedHighS: second.prediction.highS });
    const events = await hub.db.ticketEvent.findMany({ where: { ticketId: first.id } });
    expect(events).toMatchObject([{ from: null, to: 'waiting', actor: 'customer' }]);
  });

  it('lets the customer find and cancel their ticket by its code only, and counts it as giving up', async () => {
    const giveUpShare = async () => (await call('GET', '/queue/services', { token: null })).body.find((service: { id: string }) => service.id === 'teller').why.giveUpShare as number;
    const before = await giveUpShare();
    const ticket = await take('teller');
    expect(await call('GET', `/queue/tickets/by-code/${ticket.code}`, { token: null })).toMatchObject({ status: 200, body: { id: ticket.id, status: 'waiting' } });
    expect(await call('GET', '/queue/tickets/by-code/not-a-code', { token: null })).toMatchObject({ status: 404 });
    expect(await call('POST', `/queue/tickets/by-code/${ticket.code}/cancel`, { token: null })).toMatchObject({ status: 200, body: { status: 'cancelled', position: null, prediction: null } });
    expect(await call('POST', `/queue/tickets/by-code/${ticket.code}/cancel`, { token: null })).toMatchObject({ status: 409, body: { message: expect.stringContaining('from cancelled to cancelled') } });
    // The floor's "why" for the teller line now counts one more customer who gave up.
    expect(await giveUpShare()).toBeGreaterThan(before);
  });

  it('answers a retry with the same Idempotency-Key with the ticket already issued', async () => {
    const post = (serviceId: string) => hub.api.inject({ method: 'POST', url: '/api/v1/queue/tickets', headers: { 'idempotency-key': 'kiosk-1-4f9c2a7e' }, payload: { serviceId, language: 'en' } });
    const first = JSON.parse((await post('teller')).body);
    const retry = await post('teller');
    expect(retry.statusCode).toBe(201);
    expect(JSON.parse(retry.body)).toMatchObject({ id: first.id, number: 'A001' });
    expect(JSON.parse((await post('fx')).body)).toMatchObject({ number: 'C001' });
    expect(await hub.db.ticket.count()).toBe(2);
  });

  it('issues vip tickets to staff only', async () => {
    expect(await call('POST', '/queue/tickets', { token: null, body: { serviceId: 'teller', priority: 'vip', language: 'zh-CN' } })).toMatchObject({ status: 403 });
    const vip = await call('POST', '/queue/tickets', { token: staffToken, body: { serviceId: 'teller', priority: 'vip', language: 'zh-CN' } });
    expect(vip).toMatchObject({ status: 201, body: { priority: 'vip' } });
    expect((await hub.db.ticketEvent.findFirstOrThrow({ where: { ticketId: vip.body.id } })).actor).toBe('wang');
    expect(await call('POST', '/queue/tickets', { token: 'expired-token', body: { serviceId: 'teller', language: 'zh-CN' } })).toMatchObject({ status: 401 });
  });

  it.each([
    [{ serviceId: 'mortgages', language: 'en' }, 404, 'service mortgages'],
    [{ serviceId: 'teller', language: 'fr' }, 400, 'language'],
    [{ serviceId: 'teller', language: 'en', priority: 'appointment' }, 400, 'priority'],
    [{ serviceId: 'teller', language: 'en', name: 'Zhang San' }, 400, 'name'],
    [{ language: 'en' }, 400, 'serviceId'],
  ])('refuses %j with %i naming the problem', async (body, status, word) => {
    const answer = await call('POST', '/queue/tickets', { token: null, body });
    expect(answer.status).toBe(status);
    expect(answer.body.message).toContain(word);
  });

  it('lists services with their queue, whether a counter serves them, and whether they take appointments', async () => {
    await take('accounts');
    const { body } = await call('GET', '/queue/services', { token: null });
    expect(body.find((service: { id: string }) => service.id === 'accounts')).toMatchObject({ prefix: 'B', open: true, bookable: true, waiting: 1, targetWaitS: 900, prediction: { expectedS: expect.any(Number) } });
    expect(body.find((service: { id: string }) => service.id === 'teller')).toMatchObject({ open: true, bookable: false, waiting: 0 });
    await openOnly('c1', 'c2');
    expect((await call('GET', '/queue/services', { token: null })).body.find((service: { id: string }) => service.id === 'fx')).toMatchObject({ open: false });
  });
});

describe('at the counter', () => {
  it('calls, starts and finishes a ticket, recording every step with its counter and actor', async () => {
    const ticket = await take('teller');
    const called = await callNext('c2');
    expect(called).toMatchObject({ status: 200, body: { id: ticket.id, status: 'called', counterId: 'c2', counterNameEn: 'Counter 2', counterNameZh: '2号柜台', position: null, prediction: null } });
    expect(called.body.calledAt).toBe(new Date(clock.ms).toISOString());
    expect(await callNext('c2')).toMatchObject({ status: 409, body: { message: expect.stringContaining('still has ticket A001') } });
    expect(await act(ticket.id, 'start')).toMatchObject({ status: 200, body: { status: 'serving', counterId: 'c2' } });
    clock.advance(4);
    expect(await act(ticket.id, 'done')).toMatchObject({ status: 200, body: { status: 'done', counterId: null } });
    const events = await hub.db.ticketEvent.findMany({ where: { ticketId: ticket.id }, orderBy: { id: 'asc' } });
    expect(events.map(({ from, to, counterId, actor }) => ({ from, to, counterId, actor }))).toEqual([
      { from: null, to: 'waiting', counterId: null, actor: 'customer' },
      { from: 'waiting', to: 'called', counterId: 'c2', actor: 'token:admin' },
      { from: 'called', to: 'serving', counterId: 'c2', actor: 'token:admin' },
      { from: 'serving', to: 'done', counterId: 'c2', actor: 'token:admin' },
    ]);
  });

  it('answers a wrong step with 409 naming from and to, and unknown tickets and counters with 404', async () => {
    const ticket = await take('teller');
    expect(await act(ticket.id, 'done')).toMatchObject({ status: 409, body: { message: expect.stringContaining('from waiting to done') } });
    expect(await act(ticket.id, 'recall')).toMatchObject({ status: 409, body: { message: 'ticket A001 is waiting; only a called ticket can be recalled' } });
    expect(await act('no-such-ticket', 'start')).toMatchObject({ status: 404 });
    expect(await callNext('c99')).toMatchObject({ status: 404, body: { message: 'counter c99 not found' } });
    expect(await callNext('vip1')).toMatchObject({ status: 404, body: { message: 'no one is waiting for this counter' } });
  });

  it('serves priority tickets first, but at most two in a row while a normal ticket waits', async () => {
    const n1 = await take('teller');
    clock.advance(1);
    const n2 = await take('teller');
    clock.advance(1);
    const a1 = await take('teller', 'assisted');
    clock.advance(1);
    const v1 = (await call('POST', '/queue/tickets', { token: staffToken, body: { serviceId: 'teller', priority: 'vip', language: 'en' } })).body;
    clock.advance(1);
    const a2 = await take('teller', 'assisted');
    expect((await call('GET', `/queue/tickets/by-code/${n1.code}`, { token: null })).body.position).toBe(3);
    const order: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const called = await callNext('c2');
      order.push(called.body.number);
      await act(called.body.id, 'no-show');
    }
    expect(order).toEqual([a1.number, a2.number, n1.number, v1.number, n2.number]);
  });

  it('calls a ticket that has waited past its class maximum before anyone else', async () => {
    const early = await take('teller');
    clock.advance(61);
    await take('teller', 'assisted');
    expect((await callNext('c2')).body).toMatchObject({ id: early.id });
  });

  it('never hands two counters the same ticket', async () => {
    const tickets = [await take('teller'), await take('teller')];
    const answers = await Promise.all([callNext('c1'), callNext('c2'), callNext('c1')]);
    const called = answers.filter((answer) => answer.status === 200).map((answer) => answer.body.id);
    expect(called.sort()).toEqual(tickets.map((ticket) => ticket.id).sort());
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(1);
  });

  it('recalls a called ticket and shows it on the board as a recall', async () => {
    const ticket = await take('teller');
    await callNext('c2');
    clock.advance(1);
    expect(await act(ticket.id, 'recall')).toMatchObject({ status: 200, body: { status: 'called', counterId: 'c2' } });
    expect((await hub.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).recalls).toBe(1);
    const { body } = await call('GET', '/queue/board', { token: null });
    expect(body.calls).toEqual([{ number: 'A001', serviceId: 'teller', counterId: 'c2', counterNameEn: 'Counter 2', counterNameZh: '2号柜台', calledAt: new Date(clock.ms).toISOString(), recall: true }]);
  });

  it('marks no-shows and customers who left, from waiting or called', async () => {
    const away = await take('teller');
    const gone = await take('teller');
    await callNext('c2');
    expect(await act(away.id, 'no-show')).toMatchObject({ status: 200, body: { status: 'no-show' } });
    expect(await act(gone.id, 'left')).toMatchObject({ status: 200, body: { status: 'left' } });
    expect(await act(gone.id, 'start')).toMatchObject({ status: 409, body: { message: expect.stringContaining('from left to serving') } });
  });

  it('opens and closes counters, and refuses to close one that holds a ticket', async () => {
    await take('fx');
    expect(await callNext('c3')).toMatchObject({ status: 409, body: { message: expect.stringContaining('counter c3 is closed') } });
    expect(await call('POST', '/queue/counters/c3/open')).toMatchObject({ status: 200, body: { id: 'c3', open: true, serviceIds: ['teller', 'fx'] } });
    const called = await callNext('c3');
    expect(called).toMatchObject({ status: 200, body: { serviceId: 'fx' } });
    expect(await call('POST', '/queue/counters/c3/close')).toMatchObject({ status: 409, body: { message: expect.stringContaining('finish it before closing') } });
    const counters = (await call('GET', '/queue/counters', { token: staffToken })).body;
    expect(counters.find((counter: { id: string }) => counter.id === 'c3')).toMatchObject({ open: true, current: { id: called.body.id, status: 'called' }, waiting: [{ serviceId: 'teller', waiting: 0 }, { serviceId: 'fx', waiting: 0 }] });
    await act(called.body.id, 'no-show');
    expect(await call('POST', '/queue/counters/c3/close')).toMatchObject({ status: 200, body: { open: false, current: null } });
    expect((await hub.db.auditLog.findMany({ where: { target: 'c3' } })).map((row) => row.action)).toEqual(expect.arrayContaining(['counter.open', 'counter.close']));
  });

  it('keeps staff routes for admin, floor and staff', async () => {
    const hq = await api.login('hq-analyst', 'touchpoint-hq');
    expect((await call('GET', '/queue/counters', { token: null })).status).toBe(401);
    expect((await call('GET', '/queue/counters', { token: hq })).status).toBe(403);
    expect((await call('POST', '/queue/counters/c2/call-next', { token: hq })).status).toBe(403);
    expect((await call('GET', '/queue/tickets', { token: await api.login('floor', 'touchpoint-floor') })).status).toBe(200);
  });

  it('lists today\'s tickets, filtered by status and service', async () => {
    await take('teller');
    await take('fx');
    await callNext('c2');
    expect((await call('GET', '/queue/tickets?status=waiting', { token: staffToken })).body.map((t: { number: string }) => t.number)).toEqual(['C001']);
    expect((await call('GET', '/queue/tickets?serviceId=teller', { token: staffToken })).body.map((t: { status: string }) => t.status)).toEqual(['called']);
    expect((await call('GET', '/queue/tickets?status=lost', { token: staffToken })).status).toBe(400);
  });
});

describe('transfer', () => {
  it('moves the customer to another service with the same number, place in line and phone link', async () => {
    const first = await take('fx');
    clock.advance(1);
    const ticket = await take('teller');
    clock.advance(5);
    const later = await take('fx');
    await callNext('c2');
    const moved = await call('POST', `/queue/tickets/${ticket.id}/transfer`, { body: { serviceId: 'fx' } });
    expect(moved).toMatchObject({ status: 201, body: { number: 'A001', serviceId: 'fx', status: 'waiting', code: ticket.code, issuedAt: ticket.issuedAt, position: 2 } });
    expect(moved.body.id).not.toBe(ticket.id);
    expect((await hub.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('transferred');
    expect((await call('GET', `/queue/tickets/by-code/${ticket.code}`, { token: null })).body).toMatchObject({ id: moved.body.id, serviceId: 'fx' });
    // Numbering goes on in both services as if nothing moved.
    expect(await take('teller')).toMatchObject({ number: 'A002' });
    expect(await take('fx')).toMatchObject({ number: 'C003' });
    expect([first.number, later.number]).toEqual(['C001', 'C002']);
    expect(await call('POST', `/queue/tickets/${moved.body.id}/transfer`, { body: { serviceId: 'fx' } })).toMatchObject({ status: 409 });
    expect(await call('POST', `/queue/tickets/${moved.body.id}/transfer`, { body: { serviceId: 'loans' } })).toMatchObject({ status: 404 });
  });
});

describe('days', () => {
  it('numbers from 001 again after the branch\'s midnight and closes what the last day left open', async () => {
    const yesterday = await take('teller');
    const saved = clock.ms;
    clock.ms = Date.parse('2026-03-02T16:05:00Z'); // 00:05 on Tuesday in Shanghai
    try {
      expect(await hub.queue.closePreviousDays()).toBe(1);
      expect((await hub.db.ticket.findUniqueOrThrow({ where: { id: yesterday.id } })).status).toBe('left');
      expect(await take('teller')).toMatchObject({ number: 'A001', position: 1 });
    } finally {
      clock.ms = saved;
    }
  });
});

describe('kiosks', () => {
  it('tells a kiosk its settings, with the edge node on the host it used', async () => {
    const answer = await hub.api.inject({ method: 'GET', url: '/api/v1/kiosks/kiosk-1', headers: { host: 'hub.branch.lan:8080' } });
    expect(JSON.parse(answer.body)).toEqual({ id: 'kiosk-1', nameEn: 'Lobby kiosk', nameZh: '大堂自助机', zoneId: 'kiosk-area', telemetryUrl: 'http://hub.branch.lan:8791', idleWarnS: 45, idleResetS: 20 });
    expect(await call('GET', '/kiosks/kiosk-9', { token: null })).toMatchObject({ status: 404, body: { message: 'kiosk kiosk-9 not found' } });
  });
});

describe('wait-breach alert', () => {
  it('opens when the predicted wait of a newcomer passes the service target, and resolves when it falls back', async () => {
    const openBreach = () => hub.db.alert.findFirst({ where: { kind: 'wait-breach', sourceId: 'teller', status: 'open' } });
    expect(await openBreach()).toBeNull();
    const tickets = [];
    for (let index = 0; index < 6; index += 1) tickets.push(await take('teller'));
    const alert = await until('a wait-breach alert for teller', openBreach);
    expect(alert).toMatchObject({ zoneId: 'teller-line', severity: 'high' });
    // One alert per breach, however many more people arrive.
    tickets.push(await take('teller'));
    // Everyone gives up: nobody waits, so there is no breach.
    for (const ticket of tickets) await call('POST', `/queue/tickets/by-code/${ticket.code}/cancel`, { token: null });
    await until('the breach to resolve', async () => (await hub.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).status === 'resolved');
    expect(await hub.db.alert.count({ where: { kind: 'wait-breach', sourceId: 'teller', openedAt: { gte: alert.openedAt } } })).toBe(1);
  });
});
