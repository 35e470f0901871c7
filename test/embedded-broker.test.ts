/**
 * The first scenario end to end, with the real `mosquitto_pub` client against the hub's
 * embedded broker: register a device, publish, see the state; duplicates, refusals and every
 * kind of malformed input, with the hub healthy afterwards.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub } from './helpers/in-process-hub.ts';

const readme = readFileSync(new URL('../protocol/README.md', import.meta.url), 'utf8');
const QUEUE_EXAMPLE = /```json\n(\{[^\n]*"tp\.queue\.observed"[^\n]*\})\n```/.exec(readme)![1]!;
const TOPIC = 'tp/v1/b001/edge/cam-lobby-1/queue';

let hub: TestHub;
let device: { username: string; password: string };

function mosquittoPub(args: { topic: string; payload: string; username?: string; password?: string }): Promise<{ code: number; stderr: string }> {
  const url = new URL(hub.mqttUrl);
  const argv = ['-h', url.hostname, '-p', url.port, '-q', '1', '-t', args.topic, '-s'];
  if (args.username) argv.push('-u', args.username, '-P', args.password ?? '');
  return new Promise((resolve, reject) => {
    const child = execFile('mosquitto_pub', argv, { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (error?.code === 'ENOENT') return reject(new Error('these tests need the real mosquitto_pub: apt-get install mosquitto-clients'));
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr });
    });
    child.stdin!.end(args.payload);
  });
}

async function json(path: string) {
  const response = await hub.request(path);
  expect(response.status).toBe(200);
  return response.json() as Promise<any>;
}

const withId = (id: string, patch: (event: any) => void = () => {}) => {
  const event = JSON.parse(QUEUE_EXAMPLE);
  event.id = id;
  patch(event);
  return JSON.stringify(event);
};

beforeAll(async () => {
  hub = await startTestHub();
  const response = await hub.request('/api/v1/devices', { method: 'POST', json: { kind: 'edge', sourceId: 'cam-lobby-1', name: 'Lobby camera 1' } });
  expect(response.status).toBe(201);
  device = (await response.json()).mqtt;
});
afterAll(() => hub?.close());

describe('embedded broker with the real mosquitto_pub (Debian mosquitto-clients)', () => {
  it('shows a published queue event in /api/v1/state within a second', async () => {
    expect(await mosquittoPub({ topic: TOPIC, payload: QUEUE_EXAMPLE, ...device })).toMatchObject({ code: 0 });
    await expect.poll(async () => (await json('/api/v1/state')).zones.find((z: any) => z.zoneId === 'teller-line'), { timeout: 1000, interval: 25 })
      .toMatchObject({ count: 4, waitEstimateS: 360, confidence: 0.82 });
  });

  it('stores an id published twice once', async () => {
    const payload = withId('11111111-2222-4333-8444-555555555555');
    expect((await mosquittoPub({ topic: TOPIC, payload, ...device })).code).toBe(0);
    expect((await mosquittoPub({ topic: TOPIC, payload, ...device })).code).toBe(0);
    const events = await json('/api/v1/events?type=tp.queue.observed&limit=500');
    expect(events.items.filter((e: any) => e.id === '11111111-2222-4333-8444-555555555555')).toHaveLength(1);
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    const anonymous = await mosquittoPub({ topic: TOPIC, payload: withId('22222222-2222-4333-8444-555555555555') });
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toMatch(/not authori[sz]ed|bad user name or password|refused/i);
    const wrong = await mosquittoPub({ topic: TOPIC, payload: withId('33333333-2222-4333-8444-555555555555'), username: device.username, password: 'guess' });
    expect(wrong.code).not.toBe(0);
  });

  it("refuses a publish under another device's topic and stores nothing", async () => {
    const other = await mosquittoPub({ topic: 'tp/v1/b001/edge/cam-vip-1/queue', payload: withId('44444444-2222-4333-8444-555555555555', (e) => (e.source = '/b001/edge/cam-vip-1')), ...device });
    expect(other.code).not.toBe(0);
    const events = await json('/api/v1/events?limit=500');
    expect(events.items.map((e: any) => e.id)).not.toContain('44444444-2222-4333-8444-555555555555');
  });

  it.each([
    ['not JSON', 'queue of four', 'bad-json'],
    ['missing fields', JSON.stringify({ specversion: '1.0', id: 'a1', type: 'tp.queue.observed' }), 'bad-envelope'],
    ['a wrong enum', withId('55555555-2222-4333-8444-555555555555', (e) => { e.type = 'tp.distress.detected'; e.data = { zoneId: 'lobby', kind: 'sad', severity: 'high', confidence: 1, durationS: 0 }; }), 'wrong-type'],
    ['an unknown zone', withId('66666666-2222-4333-8444-555555555555', (e) => (e.data.zoneId = 'rooftop')), 'unknown-zone'],
    ['a 1 MiB payload', 'x'.repeat(1024 * 1024), 'oversize'],
  ])('dead-letters %s, counts it in /metrics and stays healthy', async (_what, payload, reason) => {
    expect((await mosquittoPub({ topic: TOPIC, payload, ...device })).code).toBe(0);
    const letters = await json(`/api/v1/dead-letters?reason=${reason}`);
    expect(letters.items[0]).toMatchObject({ reason, topic: TOPIC, detail: expect.any(String) });
    const metrics = await (await hub.request('/metrics')).text();
    expect(metrics).toMatch(new RegExp(`tp_events_dead_lettered_total\\{reason="${reason}"\\} [1-9]`));
    expect((await hub.request('/healthz', { token: null })).status).toBe(200);
  });

  it('dead-letters a wrong enum on the right topic as bad-data', async () => {
    const payload = withId('77777777-2222-4333-8444-555555555555', (e) => {
      e.type = 'tp.distress.detected';
      e.data = { zoneId: 'lobby', kind: 'sad', severity: 'high', confidence: 1, durationS: 0 };
    });
    expect((await mosquittoPub({ topic: 'tp/v1/b001/edge/cam-lobby-1/distress', payload, ...device })).code).toBe(0);
    const letters = await json('/api/v1/dead-letters?reason=bad-data');
    expect(letters.items[0].detail).toContain('kind');
  });
});

describe('edge status, last will and alerts', () => {
  const statusTopic = 'tp/v1/b001/edge/cam-lobby-1/status';
  const status = (online: boolean, extra: object = {}) => JSON.stringify({
    specversion: '1.0', id: crypto.randomUUID(), source: '/b001/edge/cam-lobby-1', type: 'tp.edge.status', time: new Date().toISOString(), data: { online, ...extra },
  });

  it('marks a node offline from its last will, opens one alert, and resolves it when the node is back', async () => {
    const node = await mqtt.connectAsync(hub.mqttUrl, {
      ...device, reconnectPeriod: 0, will: { topic: statusTopic, payload: Buffer.from(status(false)), qos: 1, retain: true },
    });
    await node.publishAsync(statusTopic, status(true, { version: '0.1.0', backend: 'wasm', cameras: [{ cameraId: 'cam-lobby-1', state: 'ok', fps: 5 }] }), { qos: 1, retain: true });
    expect((await json('/api/v1/state')).nodes).toEqual([expect.objectContaining({ sourceId: 'cam-lobby-1', online: true, backend: 'wasm' })]);

    (node as unknown as { stream: { destroy(): void } }).stream.destroy(); // the network drops: no DISCONNECT, so the will fires
    await expect.poll(async () => (await json('/api/v1/state')).nodes[0], { timeout: 5000 }).toMatchObject({
      online: false, cameras: [expect.objectContaining({ cameraId: 'cam-lobby-1', state: 'offline' })],
    });
    const { alerts } = await json('/api/v1/state');
    expect(alerts).toEqual([expect.objectContaining({ kind: 'edge-offline', sourceId: 'cam-lobby-1', status: 'open' })]);
    node.end(true);

    const back = await mqtt.connectAsync(hub.mqttUrl, { ...device, reconnectPeriod: 0 });
    await back.publishAsync(statusTopic, status(true), { qos: 1, retain: true });
    await expect.poll(async () => (await json('/api/v1/state')).alerts, { timeout: 2000 }).toEqual([]);
    await back.endAsync();
  });

  it('opens one alert per distress situation and lets the floor resolve it', async () => {
    const client = await mqtt.connectAsync(hub.mqttUrl, { ...device, reconnectPeriod: 0 });
    const distress = (severity: string) => JSON.stringify({
      specversion: '1.0', id: crypto.randomUUID(), source: '/b001/edge/cam-lobby-1', type: 'tp.distress.detected', time: new Date().toISOString(),
      data: { zoneId: 'lobby', kind: 'fall', severity, confidence: 0.9, durationS: 4 },
    });
    await client.publishAsync('tp/v1/b001/edge/cam-lobby-1/distress', distress('medium'), { qos: 1 });
    await client.publishAsync('tp/v1/b001/edge/cam-lobby-1/distress', distress('high'), { qos: 1 });
    await client.endAsync();
    await expect.poll(async () => (await json('/api/v1/state')).alerts.filter((a: any) => a.kind === 'fall'), { timeout: 2000 })
      .toEqual([expect.objectContaining({ zoneId: 'lobby', severity: 'high', status: 'open' })]);
    const [alert] = (await json('/api/v1/state')).alerts.filter((a: any) => a.kind === 'fall');
    expect((await hub.request(`/api/v1/alerts/${alert.id}/acknowledge`, { method: 'POST' })).status).toBe(200);
    expect((await hub.request(`/api/v1/alerts/${alert.id}/resolve`, { method: 'POST' })).status).toBe(200);
    expect((await json('/api/v1/state')).alerts.filter((a: any) => a.kind === 'fall')).toEqual([]);
    expect((await hub.request(`/api/v1/alerts/${alert.id}/resolve`, { method: 'POST' })).status).toBe(404);
  });
});

describe('device revocation', () => {
  it('disconnects a revoked device at once and refuses it afterwards', async () => {
    const created = await (await hub.request('/api/v1/devices', { method: 'POST', json: { kind: 'kiosk', sourceId: 'kiosk-7', name: 'Kiosk 7' } })).json();
    const client = await mqtt.connectAsync(hub.mqttUrl, { username: created.mqtt.username, password: created.mqtt.password, reconnectPeriod: 0 });
    const closed = new Promise((resolve) => client.once('close', () => resolve('closed')));
    expect((await hub.request(`/api/v1/devices/${created.device.id}`, { method: 'DELETE' })).status).toBe(204);
    await expect(closed).resolves.toBe('closed');
    await expect(mqtt.connectAsync(hub.mqttUrl, { username: created.mqtt.username, password: created.mqtt.password, reconnectPeriod: 0 })).rejects.toThrow(/bad user ?name or password|not authori[sz]ed/i);
    client.end(true);
  });

  it('records when a device was last seen', async () => {
    const devices = await json('/api/v1/devices');
    expect(devices.items.find((d: any) => d.sourceId === 'cam-lobby-1').lastSeenAt).toEqual(expect.any(String));
  });
});

describe('MQTT over WebSocket and the floor over socket.io', () => {
  it('pushes a queue change to the floor as it is committed', async () => {
    const floor = io(`${hub.httpUrl}/floor`, { auth: { token: ADMIN_TOKEN }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => { floor.once('snapshot', () => resolve()); floor.once('connect_error', reject); });
    const pushed = new Promise((resolve) => floor.on('zone', (zone) => zone.zoneId === 'lobby' && resolve(zone)));

    const client = await mqtt.connectAsync(`${hub.httpUrl.replace('http', 'ws')}/mqtt`, { username: device.username, password: device.password });
    const payload = withId('88888888-2222-4333-8444-555555555555', (e) => { e.data.zoneId = 'lobby'; e.data.count = 7; e.time = new Date().toISOString(); });
    await client.publishAsync(TOPIC, payload, { qos: 1 });
    await expect(pushed).resolves.toMatchObject({ zoneId: 'lobby', count: 7 });
    await client.endAsync();
    floor.close();
  });

  it('refuses the floor namespace without a token or for the wrong role', async () => {
    const anonymous = io(`${hub.httpUrl}/floor`, { transports: ['websocket'], reconnection: false });
    await expect(new Promise((_, reject) => anonymous.once('connect_error', reject))).rejects.toThrow('unauthorized');
    anonymous.close();
    const kiosk = io(`${hub.httpUrl}/floor`, { auth: { token: device.password }, transports: ['websocket'], reconnection: false });
    await expect(new Promise((_, reject) => kiosk.once('connect_error', reject))).rejects.toThrow('forbidden');
    kiosk.close();
  });
});
