import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskInteraction } from '../../protocol/kiosk-telemetry.ts';
import type { KioskOutput } from '../analyzers/kiosk.ts';
import { parseEdgeConfig } from '../config.ts';
import { KioskTelemetry } from './service.ts';

const T0 = Date.parse('2026-11-22T09:30:00.000Z');
const config = parseEdgeConfig({
  branchId: 'b001', nodeId: 'kiosk-edge', broker: { url: 'mqtt://127.0.0.1:1', username: 'u', password: 'p' },
  kiosks: [{ id: 'kiosk-1', zoneId: 'kiosk-area' }],
  kioskTelemetry: { host: '127.0.0.1', port: 0 },
});

let running: KioskTelemetry[] = [];
afterEach(async () => {
  await Promise.all(running.map((service) => service.stop()));
  running = [];
});

async function start(overrides: Partial<typeof config> = {}) {
  const clock = { nowMs: T0 };
  const published: KioskOutput[] = [];
  const service = new KioskTelemetry({
    ...config, ...overrides, log: pino({ level: 'silent' }), now: () => clock.nowMs, tickMs: 5,
    publish: async (event) => { published.push(event); },
  });
  running.push(service);
  await service.start();
  const post = (interactions: KioskInteraction[]) =>
    fetch(`${service.url}/kiosk/v1/kiosk-1/interactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ interactions }) });
  return { service, clock, published, post };
}

const act = (sessionId: string, seq: number, type: KioskInteraction['type'], atS: number, extra: Partial<KioskInteraction> = {}): KioskInteraction =>
  ({ sessionId, seq, type, at: new Date(T0 + atS * 1000).toISOString(), ...extra });

describe('KioskTelemetry', () => {
  it('has a help request in the outbox by the time the kiosk gets its 202', async () => {
    const { published, post } = await start();
    const sessionId = randomUUID();
    const response = await post([act(sessionId, 0, 'session-start', 0), act(sessionId, 1, 'help-request', 0)]);
    expect(response.status).toBe(202);
    expect(published).toEqual([expect.objectContaining({ type: 'tp.distress.detected', data: expect.objectContaining({ kind: 'help-request', zoneId: 'kiosk-area' }) })]);
  });

  it('raises no-progress friction from its clock tick, once, then ends the quiet session as timeout', async () => {
    const { clock, published, post } = await start();
    const sessionId = randomUUID();
    clock.nowMs = T0 + 1000;
    await post([act(sessionId, 0, 'session-start', 0), act(sessionId, 1, 'screen', 1, { screen: 'appointment.slots', task: 'appointment' })]);
    clock.nowMs = T0 + 62_000;
    await expect.poll(() => published.length).toBe(1);
    expect(published[0]).toMatchObject({ type: 'tp.distress.detected', data: { kind: 'kiosk-friction', durationS: 61 } });
    clock.nowMs = T0 + 400_000;
    await expect.poll(() => published.length).toBe(2);
    expect(published[1]).toMatchObject({ type: 'tp.kiosk.session', data: { sessionId, task: 'appointment', outcome: 'timeout', kioskId: 'kiosk-1' } });
  });

  it('says clearly when it cannot listen, and frees its port on stop', async () => {
    const { service } = await start();
    const port = Number(new URL(service.url!).port);
    const second = new KioskTelemetry({ ...config, kioskTelemetry: { ...config.kioskTelemetry, port }, log: pino({ level: 'silent' }), publish: async () => {} });
    await expect(second.start()).rejects.toThrow(`kiosk telemetry cannot listen on 127.0.0.1:${port}`);
    await service.stop();
    running.push(second);
    await second.start();
    expect(second.url).toBe(`http://127.0.0.1:${port}`);
  });
});
