/**
 * A real hub on a driven clock: a camera keeps seeing a long teller line, then a short one. The
 * floor gets exactly one long-queue alert suggesting the closed counter, and it closes by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../protocol/envelope.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock } from './helpers/queue-api.ts';

let hub: TestHub;
const clock = new FakeClock(Date.now());

beforeAll(async () => {
  hub = await startTestHub({}, { now: clock.now });
});
afterAll(() => hub?.close());

/** The teller-line camera reports `count` people every 5 s for `seconds`; the rules look after each report. */
async function cameraSees(count: number, seconds: number): Promise<void> {
  for (let elapsed = 0; elapsed < seconds; elapsed += 5) {
    const event = createEvent('tp.queue.observed', { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-teller' }, {
      zoneId: 'teller-line', count, waitEstimateS: null, confidence: 0.9, windowS: 10,
    }, { time: new Date(clock.ms) });
    expect(await hub.ingest.submit({ topic: 'tp/v1/b001/edge/cam-teller/queue', payload: Buffer.from(JSON.stringify(event)) })).toBe('stored');
    await hub.ingest.drain();
    await hub.rules.tick();
    clock.ms += 5000;
  }
}

describe('long-queue rule in a running hub', () => {
  it('opens exactly one alert with one suggestion for a long line, and closes it when the line clears', async () => {
    await cameraSees(10, 120);
    const open = await hub.inject('GET', '/api/v1/alerts?status=open');
    expect(open.status).toBe(200);
    expect(open.body).toEqual([expect.objectContaining({
      kind: 'long-queue', zoneId: 'teller-line', ruleId: 'queue-length', needsPerson: false, resolvedBy: null,
      suggestion: { en: 'Open Counter 3 — Teller queue 10 people', zh: '开放3号柜台 — 存取款排队10人' },
    })]);
    const alertId = (open.body as unknown as { id: string }[])[0]!.id;

    await cameraSees(2, 60);
    expect((await hub.inject('GET', '/api/v1/alerts?status=open')).body).toEqual([]);
    const detail = await hub.inject('GET', `/api/v1/alerts/${alertId}`);
    expect(detail.body).toMatchObject({ id: alertId, status: 'resolved', resolvedBy: 'auto', dispatch: null });
    expect(detail.body!.steps.map((step: { kind: string }) => step.kind)).toEqual(['opened', 'auto-closed']);
    expect(await hub.db.alert.count({ where: { kind: 'long-queue' } })).toBe(1);
  });
});
