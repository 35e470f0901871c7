/**
 * HQ sees today before the hour ends: a branch hub (HUB_ROLE=branch+hq, the `npm start` demo)
 * sends the hour in progress every TP_HQ_LIVE_MIN minutes, each send replacing the last at HQ,
 * until the final hour replaces it for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HourAggregate } from '../hub/experience/kpi-types.ts';
import { kpisOf } from '../hub/experience/kpis.ts';
import { servedMorning } from './helpers/branch-morning.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock, queueApi } from './helpers/queue-api.ts';
import { until } from './helpers/until.ts';

const LIVE_MIN = '0.005'; // every 0.3 s of real time
const clock = new FakeClock(Date.parse('2026-03-02T01:50:00Z')); // 09:50 in Shanghai
let hub: TestHub;

const hqHour = (label: string) => hub.db.hqHour.findFirst({ where: { branchId: 'b001', label } });
const issuedAtHq = async (label: string) => {
  const hour = await hqHour(label);
  return hour ? kpisOf(JSON.parse(hour.aggregate) as HourAggregate, { minResponses: 1 }).tickets.issued : null;
};

beforeAll(async () => {
  hub = await startTestHub({ HUB_ROLE: 'branch+hq', TP_HQ_LIVE_MIN: LIVE_MIN }, { now: clock.now });
});

afterAll(async () => {
  await hub.close();
});

describe('the hour in progress at HQ', () => {
  it('arrives before the hour ends, follows it as it fills, and gives way to the final hour', async () => {
    await servedMorning(hub, clock); // three tickets between 09:50 and 09:55; ends at 10:20
    // 10:20: the 09:00 hour is over but not final yet (grace), the 10:00 hour is in progress.
    await until('the 10:00 hour in progress at HQ', async () => (await hqHour('2026-03-02T10:00+08:00'))?.final === false, 10_000, 50);
    await until('the 09:00 hour with its three tickets at HQ', async () => (await issuedAtHq('2026-03-02T09:00+08:00')) === 3, 10_000, 50);

    // A ticket taken at 10:20 shows at HQ within the next live send.
    await queueApi(() => hub).take('teller');
    await until('the new ticket in the 10:00 hour at HQ', async () => (await issuedAtHq('2026-03-02T10:00+08:00')) === 1, 10_000, 50);

    // 11:30: both hours are final; HQ holds the final computations, which no live send replaces.
    clock.ms = Date.parse('2026-03-02T03:30:00Z');
    await hub.experience.tick();
    await hub.summaries!.publishPending();
    const final = await hub.db.experienceHour.findMany({ where: { branchId: 'b001', final: true }, orderBy: { hourStart: 'asc' } });
    for (const label of ['2026-03-02T09:00+08:00', '2026-03-02T10:00+08:00']) {
      const atBranch = final.find((hour) => hour.label === label)!;
      expect(await hqHour(label)).toMatchObject({ final: true, aggregate: atBranch.aggregate });
    }
    await until('the 11:00 hour in progress at HQ', async () => (await hqHour('2026-03-02T11:00+08:00'))?.final === false, 10_000, 50);
    expect((await hqHour('2026-03-02T10:00+08:00'))?.final).toBe(true);
  });
});
