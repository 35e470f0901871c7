/**
 * The experience KPIs over HTTP, from a real hub on a fake clock (Monday 2 March 2026 in
 * Shanghai): a small morning across two hours — three tickets, two served, one who left, two
 * feedback answers — gives the KPIs computed by hand; a finished hour is stored final and never
 * computed again; a hub started after a pause fills the hours it missed; a branch with nothing
 * recorded answers nulls, not zeros.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock, queueApi } from './helpers/queue-api.ts';

const DAY = '2026-03-02';
const clock = new FakeClock(Date.parse('2026-03-02T01:50:00Z')); // 09:50 in Shanghai
let hub: TestHub;
const api = queueApi(() => hub);
const { call, take, callNext, act, openOnly } = api;
const leftDirs: string[] = [];

/** A customer answers the feedback form on their ticket; the answer is dated by the hub's clock. */
async function answer(code: string, csat: number, nps: number, comment?: string) {
  const posted = await call('POST', '/feedback', { token: null, body: { ticketCode: code, csat, nps, comment, language: 'en' } });
  expect(posted.status).toBe(201);
}

const hourRow = (label: string) => hub.db.experienceHour.findFirstOrThrow({ where: { label } });

beforeAll(async () => {
  hub = await startTestHub({}, { now: clock.now });
  await openOnly('c1', 'c2', 'c4');
  // 09:50, 09:52: two teller tickets; 09:55: one for accounts, who will give up.
  const first = await take('teller');
  clock.advance(2);
  const second = await take('teller');
  clock.advance(3);
  const third = await take('accounts');
  clock.advance(3); // 09:58: the first is called after 8 min (target 10 min) and served at 09:59.
  expect((await callNext('c2')).body).toMatchObject({ id: first.id });
  clock.advance(1);
  await act(first.id, 'start');
  clock.advance(6); // 10:05: done after 6 min; the second is called after 13 min, past the target.
  await act(first.id, 'done');
  expect((await callNext('c2')).body).toMatchObject({ id: second.id });
  clock.advance(1);
  await act(second.id, 'start');
  await answer(first.code, 5, 10);
  clock.advance(4); // 10:10: done after 4 min.
  await act(second.id, 'done');
  clock.advance(2);
  await answer(second.code, 2, 3, 'The wait was too long');
  clock.advance(8); // 10:20: the accounts customer leaves after 25 min (target 15 min).
  await act(third.id, 'left');
});

afterAll(async () => {
  await hub.close();
  for (const dir of leftDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the KPIs of a day', () => {
  it('match the hand-computed waits, service level, abandonment, CSAT and NPS', async () => {
    const answer = await call('GET', `/experience/kpis?from=${DAY}&to=${DAY}`);
    expect(answer.status).toBe(200);
    expect(answer.body.period).toMatchObject({ from: DAY, to: DAY, timezone: 'Asia/Shanghai', start: '2026-03-01T16:00:00.000Z', hours: 24 });
    const { tickets, byService, feedback } = answer.body.kpis;
    // Waits 480 s and 780 s: average 630, p50 the 1st of 2, p90 the 2nd.
    expect(tickets).toMatchObject({
      issued: 3, served: 2, noShow: 0, abandoned: 1, noShowRate: 0, abandonmentRate: 0.3333, peakWaiting: 3,
      wait: { count: 2, avgS: 630, p50S: 480, p90S: 780 },
      serviceTime: { count: 2, avgS: 300 },
      // Within target: the first only; missed: the second (13 min) and the one who left after 25 min.
      serviceLevel: 0.3333, serviceLevelBase: 3,
    });
    expect(byService.teller).toMatchObject({ issued: 2, served: 2, serviceLevel: 0.5 });
    expect(byService.accounts).toMatchObject({ issued: 1, served: 0, abandoned: 1, abandonmentRate: 1, serviceLevel: 0, wait: { avgS: null } });
    // CSAT: one of two answers is 4-5. NPS: one promoter, one detractor.
    expect(feedback).toEqual({
      csat: { responses: 2, score: 50, suppressed: false },
      nps: { responses: 2, score: 0, suppressed: false },
      comments: 1, complaints: 1,
    });
  });

  it('narrows to one service', async () => {
    const answer = await call('GET', `/experience/kpis?from=${DAY}&to=${DAY}&serviceId=teller`);
    expect(answer.body.kpis.tickets).toMatchObject({ issued: 2, served: 2, abandoned: 0, serviceLevel: 0.5, wait: { avgS: 630 } });
    expect(Object.keys(answer.body.kpis.byService)).toEqual(['teller']);
    expect(answer.body.kpis.feedback.csat).toEqual({ responses: 2, score: 50, suppressed: false });
    expect((await call('GET', `/experience/kpis?from=${DAY}&to=${DAY}&serviceId=mortgages`))).toMatchObject({ status: 404, body: { message: 'service mortgages not found' } });
  });

  it('splits the day by hour: each fact in the hour that settled it', async () => {
    const answer = await call('GET', `/experience/hours?date=${DAY}`);
    expect(answer.status).toBe(200);
    expect(answer.body.hours).toHaveLength(24);
    const [nine, ten, eleven] = answer.body.hours.slice(9, 12);
    expect(nine).toMatchObject({ label: '2026-03-02T09:00+08:00', recorded: true, final: true });
    expect(nine.kpis.tickets).toMatchObject({ issued: 3, served: 1, wait: { avgS: 480 }, serviceLevel: 1, serviceTime: { count: 0 }, peakWaiting: 3 });
    expect(ten).toMatchObject({ label: '2026-03-02T10:00+08:00', recorded: true, final: false });
    expect(ten.kpis.tickets).toMatchObject({ issued: 0, served: 1, abandoned: 1, wait: { avgS: 780 }, serviceLevel: 0, serviceTime: { count: 2, avgS: 300 } });
    expect(ten.kpis.feedback.csat).toMatchObject({ responses: 2 });
    // Hours still to come are not recorded: no data, not zero.
    expect(eleven).toMatchObject({ recorded: false, final: false, kpis: { tickets: { issued: 0, wait: { avgS: null }, serviceLevel: null } } });
  });

  it('refuses a bad range with a message, and readers other than admin, floor and HQ', async () => {
    expect(await call('GET', `/experience/kpis?from=2026-03-05&to=${DAY}`)).toMatchObject({ status: 400, body: { message: expect.stringContaining('to must not be before from') } });
    expect(await call('GET', '/experience/kpis?from=2025-01-01&to=2026-03-02')).toMatchObject({ status: 400, body: { message: expect.stringContaining('at most 366 days') } });
    expect(await call('GET', '/experience/kpis?from=2026-02-30&to=2026-03-02')).toMatchObject({ status: 400, body: { message: expect.stringContaining('a date YYYY-MM-DD') } });
    expect(await call('GET', '/experience/hours')).toMatchObject({ status: 400 });
    const staff = await api.login('wang', 'touchpoint-staff');
    expect(await call('GET', `/experience/kpis?from=${DAY}&to=${DAY}`, { token: staff })).toMatchObject({ status: 403 });
    expect(await call('GET', `/experience/kpis?from=${DAY}&to=${DAY}`, { token: null })).toMatchObject({ status: 401 });
  });

  it('documents both routes and their answers at /docs', async () => {
    const docs = (await hub.inject('GET', '/docs/json')).body!;
    const kpis = docs.paths['/api/v1/experience/kpis'].get;
    expect(kpis.responses['200'].content['application/json'].schema.properties.kpis.properties.feedback.properties).toHaveProperty('nps');
    expect(docs.paths['/api/v1/experience/hours'].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['date', 'serviceId']);
  });
});

describe('stored hours', () => {
  it('keeps a finished hour final and never computes it again; the current hour follows the clock', async () => {
    const nineBefore = await hourRow('2026-03-02T09:00+08:00');
    const tenBefore = await hourRow('2026-03-02T10:00+08:00');
    expect(nineBefore.final).toBe(true);
    expect(tenBefore.final).toBe(false);
    clock.advance(5); // 10:25
    await hub.experience.tick();
    expect(await hourRow('2026-03-02T09:00+08:00')).toEqual(nineBefore);
    const tenAfter = await hourRow('2026-03-02T10:00+08:00');
    expect(tenAfter.computedAt.getTime()).toBe(clock.ms);
    expect(tenAfter.final).toBe(false);
  });

  it('fills the hours it missed when it starts again after a pause', async () => {
    const before = (await call('GET', `/experience/kpis?from=${DAY}&to=${DAY}`)).body.kpis;
    await hub.stop();
    leftDirs.push(hub.dataDir);
    clock.ms = Date.parse('2026-03-02T05:10:00Z'); // 13:10: the hub was off from 10:25.
    hub = await startTestHub({ DATA_DIR: hub.dataDir }, { now: clock.now });
    const rows = await hub.db.experienceHour.findMany({ orderBy: { hourStart: 'asc' } });
    expect(rows.map((row) => [row.label, row.final])).toEqual([
      ['2026-03-02T09:00+08:00', true],
      ['2026-03-02T10:00+08:00', true],
      ['2026-03-02T11:00+08:00', true],
      ['2026-03-02T12:00+08:00', true],
      ['2026-03-02T13:00+08:00', false],
    ]);
    const after = (await call('GET', `/experience/kpis?from=${DAY}&to=${DAY}`)).body.kpis;
    expect(after.tickets).toEqual(before.tickets);
    expect(after.feedback).toEqual(before.feedback);
  });
});

describe('the last hour of a day', () => {
  it('becomes final only once the end-of-day close has ended the tickets the day left open', async () => {
    const late = new FakeClock(Date.parse('2026-03-02T15:30:00Z')); // 23:30 in Shanghai
    const branch = await startTestHub({}, { now: late.now });
    try {
      await queueApi(() => branch).take('teller');
      late.advance(36); // 00:06: the hour is over and past its grace, but the ticket is still waiting.
      await branch.experience.tick();
      const lastHour = () => branch.db.experienceHour.findFirstOrThrow({ where: { label: '2026-03-02T23:00+08:00' } });
      expect(await lastHour()).toMatchObject({ final: false });
      expect(await branch.queue.closePreviousDays()).toBe(1);
      await branch.experience.tick();
      expect(await lastHour()).toMatchObject({ final: true });
    } finally {
      await branch.close();
    }
  });
});

describe('a branch with nothing recorded', () => {
  it('answers nulls for every measure, not zeros', async () => {
    const empty = await startTestHub({}, { now: () => Date.parse('2026-06-01T02:00:00Z') });
    try {
      const answer = await empty.inject('GET', '/api/v1/experience/kpis?from=2026-06-01&to=2026-06-01');
      expect(answer.status).toBe(200);
      const { tickets, feedback, kiosk, alerts } = answer.body!.kpis;
      expect(tickets).toMatchObject({ issued: 0, served: 0, noShowRate: null, abandonmentRate: null, serviceLevel: null, wait: { count: 0, avgS: null, p90S: null } });
      expect(feedback.csat).toEqual({ responses: 0, score: null, suppressed: false });
      expect(feedback.nps).toEqual({ responses: 0, score: null, suppressed: false });
      expect(kiosk).toMatchObject({ sessions: 0, completionRate: null });
      expect(alerts.resolve).toMatchObject({ count: 0, avgS: null });
    } finally {
      await empty.close();
    }
  });
});
