/**
 * The longest queue a camera saw in an hour, on a real hub whose experience log follows the
 * counts it stores instead of reading the whole hour every minute: new counts, a count delivered
 * late by an edge's outbox, counts of the next hour, and a restart in the middle of the hour all
 * give the same peak as reading every count of the hour again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEvent } from '../protocol/envelope.ts';
import { queueObservationRecords } from '../hub/experience/records-from-db.ts';
import type { HourAggregate } from '../hub/experience/kpi-types.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock } from './helpers/queue-api.ts';

const TEN = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const clock = new FakeClock(TEN);
const hubs: TestHub[] = [];
let hub: TestHub;

afterEach(async () => {
  for (const running of hubs.splice(0)) await running.close();
});

async function start(dataDir?: string): Promise<void> {
  hub = await startTestHub(dataDir ? { DATA_DIR: dataDir } : {}, { now: clock.now });
  hubs.push(hub);
}

/** The teller-line camera reports `count` people, seen `minutes` after 10:00 (sent now). */
async function cameraSaw(count: number, minutes: number): Promise<void> {
  const event = createEvent('tp.queue.observed', { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-teller' }, {
    zoneId: 'teller-line', count, waitEstimateS: null, confidence: 0.9, windowS: 10,
  }, { time: new Date(TEN + minutes * MINUTE) });
  expect(await hub.ingest.submit({ topic: 'tp/v1/b001/edge/cam-teller/queue', payload: Buffer.from(JSON.stringify(event)) })).toBe('stored');
  await hub.ingest.drain();
}

/** The stored hour's peaks after a tick, and what reading every count of the hour gives. */
async function peaks(hourStart: number): Promise<{ stored: Record<string, number>; reread: Record<string, number> }> {
  await hub.experience.tick();
  const row = await hub.db.experienceHour.findFirstOrThrow({ where: { hourStart: new Date(hourStart) } });
  const reread: Record<string, number> = {};
  for (const o of await queueObservationRecords(hub.db, hub.branchId, { start: hourStart, end: hourStart + HOUR })) reread[o.zoneId] = Math.max(reread[o.zoneId] ?? 0, o.count);
  return { stored: (JSON.parse(row.aggregate) as HourAggregate).cameraPeaks, reread };
}

describe("an hour's camera peaks", () => {
  it('follow the counts the hub stores, late ones included, and survive a restart', async () => {
    clock.ms = TEN + 5 * MINUTE;
    await start();
    await cameraSaw(4, 5);
    expect(await peaks(TEN)).toEqual({ stored: { 'teller-line': 4 }, reread: { 'teller-line': 4 } });

    clock.ms = TEN + 20 * MINUTE;
    await cameraSaw(9, 20);
    await cameraSaw(6, 20.5);
    expect((await peaks(TEN)).stored).toEqual({ 'teller-line': 9 });

    // An edge back from an outage delivers what it saw at 10:10 now; counts of 11:00 are the next hour's.
    clock.ms = TEN + 40 * MINUTE;
    await cameraSaw(12, 10);
    clock.ms = TEN + HOUR + MINUTE;
    await cameraSaw(15, 61);
    expect(await peaks(TEN)).toEqual({ stored: { 'teller-line': 12 }, reread: { 'teller-line': 12 } });
    expect((await peaks(TEN + HOUR)).stored).toEqual({ 'teller-line': 15 });

    // Restarted at 11:02: the open hours are read again from the log, then followed again.
    await hub.stop();
    hubs.pop();
    clock.ms = TEN + HOUR + 2 * MINUTE;
    await start(hub.dataDir);
    expect((await peaks(TEN + HOUR)).stored).toEqual({ 'teller-line': 15 });
    await cameraSaw(3, 62);
    await cameraSaw(13, 40); // seen at 10:40, delivered late while 10:00 is still open (final at 11:05)
    expect(await peaks(TEN)).toEqual({ stored: { 'teller-line': 13 }, reread: { 'teller-line': 13 } });
    expect((await peaks(TEN + HOUR)).stored).toEqual({ 'teller-line': 15 });
  });
});
