/**
 * A kiosk-only edge node (no cameras, no models) against a real hub: interactions posted to its
 * telemetry server as the kiosk page posts them become, through its outbox and MQTT, exactly one
 * kiosk-friction for a stuck customer and one tp.kiosk.session per finished session at the hub.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskInteraction } from '../protocol/kiosk-telemetry.ts';
import { kioskTelemetryPath } from '../protocol/kiosk-telemetry.ts';
import { parseEdgeConfig } from '../edge/config.ts';
import { createLogger } from '../edge/logger.ts';
import { startEdgeNode, type EdgeNode } from '../edge/node.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { tempDir } from './helpers/temp-dir.ts';

const NODE_ID = 'kiosk-edge-test';
let hub: TestHub;
let node: EdgeNode | undefined;
const outboxDir = tempDir('tp-kiosk-edge-');

beforeAll(async () => {
  hub = await startTestHub();
  const registered = await (await hub.request('/api/v1/devices', { method: 'POST', json: { kind: 'edge', sourceId: NODE_ID, name: 'Kiosk analyser' } })).json();
  node = await startEdgeNode(parseEdgeConfig({
    branchId: 'b001',
    nodeId: NODE_ID,
    broker: { url: hub.mqttUrl, username: registered.mqtt.username, password: registered.mqtt.password },
    dataDir: outboxDir.path,
    kiosks: [{ id: 'kiosk-1', zoneId: 'kiosk-area' }],
    kioskTelemetry: { host: '127.0.0.1', port: 0 },
  }), createLogger('warn'));
});
afterAll(async () => {
  await node?.stop();
  await hub?.close();
  outboxDir.remove();
});

/** A customer at the kiosk, as the kiosk page reports them: each call is their next interaction, now. */
function customer() {
  const sessionId = randomUUID();
  let seq = 0;
  const act = (type: KioskInteraction['type'], extra: Partial<KioskInteraction> = {}): KioskInteraction =>
    ({ sessionId, seq: seq++, at: new Date().toISOString(), type, ...extra });
  return { sessionId, act };
}

async function post(interactions: KioskInteraction[]): Promise<void> {
  const response = await fetch(`${node!.kioskTelemetryUrl}${kioskTelemetryPath('kiosk-1')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: hub.httpUrl },
    body: JSON.stringify({ interactions }),
  });
  expect(response.status).toBe(202);
}

async function storedEvents(type: string): Promise<{ data: Record<string, unknown> }[]> {
  const page = await (await hub.request(`/api/v1/events?type=${type}&sourceId=${NODE_ID}&limit=100`)).json();
  return page.items;
}

describe('kiosk telemetry → edge node → hub', () => {
  it('turns a customer stuck on the same error into exactly one kiosk-friction at the hub', async () => {
    const stuck = customer();
    await post([stuck.act('session-start'), stuck.act('screen', { screen: 'appointment.check-in', task: 'appointment' })]);
    // The same error five times, in two posts, and the first post again (a retry after a lost answer).
    const errors = Array.from({ length: 5 }, () => stuck.act('error', { code: 'appointment.not-found', screen: 'appointment.check-in' }));
    await post(errors.slice(0, 3));
    await post(errors.slice(3));
    await post(errors.slice(0, 3));
    await post([stuck.act('abandon')]);

    await expect.poll(() => storedEvents('tp.kiosk.session'), { timeout: 10_000 }).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ sessionId: stuck.sessionId, kioskId: 'kiosk-1', zoneId: 'kiosk-area', task: 'appointment', outcome: 'error', errors: 5 }) }),
    ]);
    // The session event was published after the friction, through the same ordered outbox.
    expect(await storedEvents('tp.distress.detected')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ kind: 'kiosk-friction', zoneId: 'kiosk-area' }) }),
    ]);
  });

  it('reports a finished ticket session once, with the kiosk it happened on', async () => {
    const done = customer();
    await post([done.act('session-start'), done.act('screen', { screen: 'ticket.service', task: 'ticket' })]);
    await post([done.act('screen', { screen: 'ticket.confirm', task: 'ticket' }), done.act('complete', { task: 'ticket' })]);

    await expect.poll(async () => (await storedEvents('tp.kiosk.session')).filter((event) => event.data.sessionId === done.sessionId), { timeout: 10_000 })
      .toEqual([expect.objectContaining({ data: expect.objectContaining({ kioskId: 'kiosk-1', task: 'ticket', outcome: 'completed', steps: 2, errors: 0 }) })]);
    expect(await hub.db.deadLetter.count()).toBe(0);
  });
});
