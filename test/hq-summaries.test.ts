/**
 * Branch → HQ in one process (HUB_ROLE=branch+hq, the `npm start` demo), on a fake clock: the
 * branch's final hours reach HQ as summaries, HQ's KPIs for the day equal the branch's own, a
 * summary sent again on demand is stored once, a provisional hour is replaced by the final one,
 * and another branch publishes to HQ's embedded broker with uplink credentials — only under its
 * own topic, and a malformed summary lands in the dead-letter table with its reason.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryEvent, summaryTopic } from '../hub/experience/summary-event.ts';
import { mergeAggregates } from '../hub/experience/aggregate.ts';
import { emptyAggregate } from '../hub/experience/experience-service.ts';
import type { HourAggregate } from '../hub/experience/kpi-types.ts';
import { kpisOf } from '../hub/experience/kpis.ts';
import { servedMorning } from './helpers/branch-morning.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock } from './helpers/queue-api.ts';
import { until } from './helpers/until.ts';

const DAY = '2026-03-02';
const clock = new FakeClock(Date.parse('2026-03-02T01:50:00Z')); // 09:50 in Shanghai
let hub: TestHub;

const hqHours = () => hub.db.hqHour.findMany({ where: { branchId: 'b001' }, orderBy: { hourStart: 'asc' } });
const finalBranchHours = () => hub.db.experienceHour.findMany({ where: { branchId: 'b001', final: true }, orderBy: { hourStart: 'asc' } });

beforeAll(async () => {
  hub = await startTestHub({ HUB_ROLE: 'branch+hq' }, { now: clock.now });
  await servedMorning(hub, clock);
  clock.ms = Date.parse('2026-03-02T03:30:00Z'); // 11:30: the 09:00 and 10:00 hours are final.
  await hub.experience.tick();
  await hub.summaries!.publishPending();
});

afterAll(async () => {
  await hub.close();
});

describe('summaries from the branch to HQ', () => {
  it('sends every final hour once the broker took it, and nothing provisional', async () => {
    const sent = await finalBranchHours();
    expect(sent.map((hour) => hour.label)).toContain('2026-03-02T10:00+08:00');
    expect(sent.every((hour) => hour.publishedAt !== null)).toBe(true);
    expect(await hub.summaries!.pending()).toBe(0);
    const received = await hqHours();
    expect(received.map((hour) => hour.label)).toEqual(sent.map((hour) => hour.label));
    expect(received.map((hour) => JSON.parse(hour.aggregate))).toEqual(sent.map((hour) => JSON.parse(hour.aggregate)));
    expect(received.every((hour) => hour.final)).toBe(true);
  });

  it("gives HQ the branch's own KPIs for the day, and HQ knows the branch", async () => {
    const branch = (await hub.inject('GET', `/api/v1/experience/kpis?from=${DAY}&to=${DAY}`)).body!.kpis;
    const day = await hub.db.hqDay.findUniqueOrThrow({ where: { branchId_localDate: { branchId: 'b001', localDate: DAY } } });
    const atHq = kpisOf(JSON.parse(day.aggregate) as HourAggregate, { minResponses: 1 });
    expect(atHq.tickets).toEqual(branch.tickets);
    expect(atHq.byService).toEqual(branch.byService);
    expect(atHq.feedback).toEqual(branch.feedback);
    expect(atHq.tickets).toMatchObject({ issued: 3, served: 2, abandoned: 1, serviceLevel: 0.3333, wait: { avgS: 630, p90S: 780 } });
    expect(await hub.db.hqBranch.findUniqueOrThrow({ where: { id: 'b001' } })).toMatchObject({
      name: 'Touchpoint Demo Branch, Riverside', region: 'east', timezone: 'Asia/Shanghai', simulated: false, hoursReported: day.hours,
    });
  });

  it('stores a summary sent again once, and replaces a provisional hour by its final one', async () => {
    const before = await hqHours();
    const again = await hub.inject('POST', '/api/v1/experience/summaries/publish', { body: { from: DAY, to: DAY } });
    expect(again).toMatchObject({ status: 200, body: { published: before.length + 1, provisional: 1 } });
    const after = await hqHours();
    expect(after.slice(0, before.length)).toEqual(before); // same ids, same receivedAt: not stored again
    expect(after.at(-1)).toMatchObject({ label: '2026-03-02T11:00+08:00', final: false });

    clock.ms = Date.parse('2026-03-02T04:06:00Z'); // 12:06: the 11:00 hour is final now.
    await hub.experience.tick();
    await hub.summaries!.publishPending();
    const eleven = (await hqHours()).find((hour) => hour.label === '2026-03-02T11:00+08:00');
    expect(eleven).toMatchObject({ final: true });
    expect((await hub.db.hqBranch.findUniqueOrThrow({ where: { id: 'b001' } })).hoursReported).toBe((await hqHours()).length);
  });

  it('refuses an on-demand range that ends before it starts', async () => {
    expect(await hub.inject('POST', '/api/v1/experience/summaries/publish', { body: { from: DAY, to: '2026-03-01' } })).toMatchObject({ status: 400 });
    const staff = (await hub.inject('POST', '/api/v1/auth/login', { token: null, body: { username: 'floor', password: 'touchpoint-floor' } })).body!.token as string;
    expect(await hub.inject('POST', '/api/v1/experience/summaries/publish', { token: staff, body: { from: DAY, to: DAY } })).toMatchObject({ status: 403 });
  });
});

describe('another branch publishing to HQ with an uplink', () => {
  it('is stored under its own id; other topics are refused; a malformed summary is dead-lettered', async () => {
    const issued = await hub.inject('POST', '/api/v1/hq/uplinks', { body: { branchId: 'b009' } });
    expect(issued).toMatchObject({ status: 201, body: { branchId: 'b009', username: 'hq-uplink.b009', topic: 'tp/v1/b009/hub/hub/summary' } });
    const { mqttUrl, username, password } = issued.body!;
    const client = await mqtt.connectAsync(mqttUrl.replace('localhost', '127.0.0.1'), { username, password, reconnectPeriod: 0 });
    try {
      const hourStart = Date.parse('2026-03-02T08:00:00Z'); // 09:00 in Berlin
      const aggregate = emptyAggregate({ start: hourStart, end: hourStart + 3_600_000 }, 'Europe/Berlin');
      const event = summaryEvent(
        { id: 'b009', name: 'Berlin Mitte', nameZh: '柏林米特', region: 'europe', timezone: 'Europe/Berlin', simulated: true },
        { label: '2026-03-02T09:00+01:00', final: true, computedAt: new Date(hourStart + 3_900_000), aggregate: mergeAggregates([aggregate]) },
      );
      await client.publishAsync(summaryTopic('b009'), JSON.stringify(event), { qos: 1 });
      await until('b009 at HQ', async () => (await hub.db.hqBranch.findUnique({ where: { id: 'b009' } })) !== null);
      expect(await hub.db.hqBranch.findUniqueOrThrow({ where: { id: 'b009' } })).toMatchObject({ region: 'europe', simulated: true, hoursReported: 1 });

      await client.publishAsync('tp/v1/b009/hub/hub/summary', '{"not": "a summary"', { qos: 1 });
      await until('the dead letter', async () => (await hub.db.deadLetter.count({ where: { topic: 'tp/v1/b009/hub/hub/summary' } })) === 1);
      expect(await hub.db.deadLetter.findFirstOrThrow({ where: { topic: 'tp/v1/b009/hub/hub/summary' } })).toMatchObject({ reason: 'bad-json' });
    } finally {
      await client.endAsync();
    }
    // Outside its prefix the broker refuses it: the connection is closed and nothing is stored.
    const other = await mqtt.connectAsync(mqttUrl.replace('localhost', '127.0.0.1'), { username, password, reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => other.once('close', () => resolve()));
    other.publish(summaryTopic('b001'), '{}', { qos: 1 });
    await closed;
    await other.endAsync(true);
    expect(await hub.db.deadLetter.count({ where: { topic: summaryTopic('b001') } })).toBe(0);
  });
});
