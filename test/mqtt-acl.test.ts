/**
 * MQTT access, the same checks on the hub's embedded broker and on a real Mosquitto configured
 * by `npm run mosquitto:files`: anonymous clients, wrong passwords and revoked devices are
 * refused; a device publishes, subscribes and leaves its last will only under its own topic
 * prefix, so it can neither speak for another device (or the hub) nor read anyone else's topics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../protocol/envelope.ts';
import { buildTopic, type SourceKind } from '../protocol/topics.ts';
import { writeMosquittoFiles, type MosquittoFilesResult } from '../hub/tools/mosquitto-files.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { freePort, runAsUserLine, startMosquitto, type MosquittoBroker } from './helpers/mosquitto.ts';
import { until } from './helpers/until.ts';

const BRANCH = 'b001';
const BRANCH_CONFIG = path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json');

interface Device { kind: 'edge' | 'kiosk'; sourceId: string; id: string; username: string; password: string; topicPrefix: string }

/** A broker under test and a way to see what reached the hub through it. */
interface BrokerUnderTest {
  url: string;
  /** Resolves once an event with this id has reached the hub; `arrived` says whether it has. */
  arrived(eventId: string): Promise<boolean>;
  /** Revokes a device so that the broker knows (API; for Mosquitto also new files and a reload). */
  revoke(device: Device): Promise<void>;
  /**
   * How a refused subscription is answered: SUBACK 0x80 (Aedes), or, as Mosquitto 2.0 does for
   * MQTT 3.1.1, granted and then never delivered to.
   */
  refusedSubscription: 'suback-failure' | 'silently-empty';
}

/** The QoS a SUBACK granted: 128 when refused (mqtt.js rejects then). */
async function grantedQos(client: MqttClient, topic: string): Promise<number> {
  try {
    return (await client.subscribeAsync(topic, { qos: 1 }))[0]!.qos;
  } catch (error) {
    const granted = (error as { packet?: { granted?: number[] } }).packet?.granted;
    if (granted?.[0] === 128) return 128;
    throw error;
  }
}

let hub: TestHub;
const devices: Record<'camA' | 'camB' | 'kiosk' | 'revoked' | 'later', Device> = {} as never;
const clients: MqttClient[] = [];

function queueEvent(kind: SourceKind, sourceId: string) {
  return createEvent('tp.queue.observed', { branchId: BRANCH, sourceKind: kind, sourceId }, { zoneId: 'lobby', count: 2, waitEstimateS: null, confidence: 0.9, windowS: 10 });
}

async function register(kind: 'edge' | 'kiosk', sourceId: string): Promise<Device> {
  const { status, body } = await hub.inject('POST', '/api/v1/devices', { body: { kind, sourceId, name: sourceId } });
  expect(status).toBe(201);
  return { kind, sourceId, id: body!.device.id, ...body!.mqtt };
}

async function connect(url: string, device: Device, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { username: device.username, password: device.password, reconnectPeriod: 0, clientId: `acl-${device.sourceId}-${Math.random().toString(16).slice(2, 8)}`, ...options });
  clients.push(client);
  return client;
}

/** The CONNACK refusal of a connection attempt, or 'connected'. */
function connectOutcome(url: string, options: IClientOptions): Promise<string | number> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, { ...options, reconnectPeriod: 0, connectTimeout: 5000 });
    client.once('connect', () => { client.end(true); resolve('connected'); });
    client.once('error', (error: Error & { code?: number }) => { client.end(true); resolve(error.code ?? error.message); });
  });
}

/**
 * Publishes at QoS 1 and waits for the PUBACK, or for the broker to drop the connection (the
 * embedded broker drops a client that publishes where it may not), or at most 2 s.
 */
function tryPublish(client: MqttClient, topic: string, payload: string): Promise<string> {
  if (!client.connected) return Promise.resolve('not connected');
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer'), 2000);
    const settle = (outcome: string) => { clearTimeout(timer); client.off('close', onClose); resolve(outcome); };
    const onClose = () => settle('closed');
    client.once('close', onClose);
    client.publish(topic, payload, { qos: 1 }, (error) => settle(error ? `error: ${error.message}` : 'acknowledged'));
  });
}

/** Publishes `event` on the device's own prefix, waits until it reached the hub (the marker). */
async function marker(broker: BrokerUnderTest, client: MqttClient, device: Device): Promise<void> {
  const event = queueEvent(device.kind, device.sourceId);
  const topic = buildTopic({ branchId: BRANCH, sourceKind: device.kind, sourceId: device.sourceId, eventKind: 'queue' });
  expect(await tryPublish(client, topic, JSON.stringify(event)), `the marker of ${device.sourceId}`).toBe('acknowledged');
  await until(`the marker of ${device.sourceId}`, () => broker.arrived(event.id), 10_000);
}

/** The access checks, the same for every broker. */
function accessChecks(name: string, broker: () => BrokerUnderTest) {
  describe(name, () => {
    it('refuses anonymous clients, wrong passwords and revoked devices', async () => {
      const { url } = broker();
      expect(await connectOutcome(url, { clientId: 'acl-anonymous' })).not.toBe('connected');
      expect(await connectOutcome(url, { clientId: 'acl-wrong', username: devices.camA.username, password: 'not-the-secret' })).not.toBe('connected');
      expect(await connectOutcome(url, { clientId: 'acl-revoked', username: devices.revoked.username, password: devices.revoked.password })).not.toBe('connected');
      // One device's password is not another's.
      expect(await connectOutcome(url, { clientId: 'acl-swap', username: devices.camB.username, password: devices.camA.password })).not.toBe('connected');
    });

    it('does not let a device publish as another device, as the hub or into another branch', async () => {
      const camA = await connect(broker().url, devices.camA);
      const forged = [
        { topic: buildTopic({ branchId: BRANCH, sourceKind: 'edge', sourceId: 'cam-b', eventKind: 'queue' }), event: queueEvent('edge', 'cam-b') },
        { topic: buildTopic({ branchId: BRANCH, sourceKind: 'kiosk', sourceId: 'kiosk-a', eventKind: 'queue' }), event: queueEvent('kiosk', 'kiosk-a') },
        { topic: `tp/v1/${BRANCH}/hub/${BRANCH}/summary`, event: queueEvent('hub', BRANCH) },
        { topic: buildTopic({ branchId: 'b002', sourceKind: 'edge', sourceId: 'cam-a', eventKind: 'queue' }), event: queueEvent('edge', 'cam-a') },
      ];
      let client = camA;
      for (const { topic, event } of forged) {
        // The embedded broker drops a client that publishes where it may not; it comes back for the next.
        if (!client.connected) client = await connect(broker().url, devices.camA);
        await tryPublish(client, topic, JSON.stringify(event));
      }
      if (!client.connected) client = await connect(broker().url, devices.camA);
      await marker(broker(), client, devices.camA);
      for (const { topic, event } of forged) expect(await broker().arrived(event.id), topic).toBe(false);
    });

    it('does not let a device read other devices\' or the hub\'s topics', async () => {
      const spy = await connect(broker().url, devices.camA);
      const heard: string[] = [];
      spy.on('message', (topic) => void heard.push(topic));
      const filters = [
        'tp/v1/b001/edge/cam-b/queue', 'tp/v1/b001/edge/cam-b/#', 'tp/v1/b001/edge/+/queue', 'tp/v1/b001/kiosk/kiosk-a/#',
        'tp/v1/b001/#', 'tp/v1/b001/hub/#', 'tp/v1/+/edge/cam-a/#', '#', '$SYS/#',
      ];
      for (const topic of filters) {
        const qos = await grantedQos(spy, topic);
        if (broker().refusedSubscription === 'suback-failure') expect(qos, `subscription to ${topic}`).toBe(128);
      }
      expect(spy.connected).toBe(true);
      // Its own prefix is fine.
      expect(await grantedQos(spy, 'tp/v1/b001/edge/cam-a/#')).toBe(1);

      const camB = await connect(broker().url, devices.camB);
      const kiosk = await connect(broker().url, devices.kiosk);
      await marker(broker(), camB, devices.camB);
      await marker(broker(), kiosk, devices.kiosk);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual([]);
    });

    it('does not deliver a last will left on another device\'s topic', async () => {
      const forged = createEvent('tp.edge.status', { branchId: BRANCH, sourceKind: 'edge', sourceId: 'cam-b' }, { online: false });
      const client = await connect(broker().url, devices.camA, { will: { topic: 'tp/v1/b001/edge/cam-b/status', payload: Buffer.from(JSON.stringify(forged)), qos: 1, retain: false } })
        .catch(() => null);
      // Dropped without DISCONNECT: a broker that accepted the will would send it now.
      (client as unknown as { stream?: { destroy(): void } } | null)?.stream?.destroy();
      const camA = await connect(broker().url, devices.camA);
      await marker(broker(), camA, devices.camA);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await broker().arrived(forged.id)).toBe(false);
    });

    it('refuses a device once it is revoked, also on the connection it has open', async () => {
      const later = await connect(broker().url, devices.later, { reconnectPeriod: 0 });
      await marker(broker(), later, devices.later);
      await broker().revoke(devices.later);
      const event = queueEvent('edge', devices.later.sourceId);
      await tryPublish(later, `${devices.later.topicPrefix}queue`, JSON.stringify(event));
      const camA = await connect(broker().url, devices.camA);
      await marker(broker(), camA, devices.camA);
      expect(await broker().arrived(event.id)).toBe(false);
      expect(await connectOutcome(broker().url, { clientId: 'acl-later-again', username: devices.later.username, password: devices.later.password })).not.toBe('connected');
    });
  });
}

beforeAll(async () => {
  hub = await startTestHub();
  devices.camA = await register('edge', 'cam-a');
  devices.camB = await register('edge', 'cam-b');
  devices.kiosk = await register('kiosk', 'kiosk-a');
  devices.revoked = await register('edge', 'cam-gone');
  expect((await hub.inject('DELETE', `/api/v1/devices/${devices.revoked.id}`)).status).toBe(204);
});
afterAll(async () => {
  for (const client of clients) await client.endAsync(true).catch(() => undefined);
  await hub?.close();
});

describe('the embedded broker', () => {
  const stored = async (id: string) => (await hub.db.event.findUnique({ where: { id } })) !== null || (await hub.db.deadLetter.count({ where: { eventId: id } })) > 0;
  beforeAll(async () => {
    devices.later = await register('edge', 'cam-later');
  });

  accessChecks('(Aedes, in the hub)', () => ({
    url: hub.mqttUrl,
    arrived: stored,
    async revoke(device) {
      expect((await hub.inject('DELETE', `/api/v1/devices/${device.id}`)).status).toBe(204);
    },
    refusedSubscription: 'suback-failure',
  }));

  it('keeps client ids per account: another device using the same id does not push the first one off', async () => {
    const camA = await connect(hub.mqttUrl, devices.camA, { clientId: 'tp-edge-cam-a' });
    let closed = false;
    camA.on('close', () => void (closed = true));
    const camB = await connect(hub.mqttUrl, devices.camB, { clientId: 'tp-edge-cam-a' });
    await marker({ url: hub.mqttUrl, arrived: stored, revoke: async () => undefined, refusedSubscription: 'suback-failure' }, camB, devices.camB);
    await marker({ url: hub.mqttUrl, arrived: stored, revoke: async () => undefined, refusedSubscription: 'suback-failure' }, camA, devices.camA);
    expect(closed).toBe(false);
  });

  it('lets a device reconnect with its own id, taking over its stale connection', async () => {
    const first = await connect(hub.mqttUrl, devices.camA, { clientId: 'tp-edge-cam-a-2' });
    const closed = new Promise((resolve) => first.once('close', () => resolve('closed')));
    const second = await connect(hub.mqttUrl, devices.camA, { clientId: 'tp-edge-cam-a-2' });
    await expect(closed).resolves.toBe('closed');
    await marker({ url: hub.mqttUrl, arrived: stored, revoke: async () => undefined, refusedSubscription: 'suback-failure' }, second, devices.camA);
  });
});

describe('Mosquitto configured by npm run mosquitto:files', () => {
  let tmp: string;
  let files: MosquittoFilesResult;
  let mosquitto: MosquittoBroker;
  let observer: MqttClient;
  const heard = new Set<string>();
  let filesOptions: Parameters<typeof writeMosquittoFiles>[0];

  beforeAll(async () => {
    devices.later = await register('edge', 'cam-later-m');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tp-mqtt-acl-'));
    const port = await freePort();
    filesOptions = { outDir: path.join(tmp, 'mosquitto'), dataDir: hub.dataDir, branchConfigFile: BRANCH_CONFIG, port, user: runAsUserLine ? 'root' : undefined };
    files = await writeMosquittoFiles(filesOptions);
    mosquitto = await startMosquitto({ confFile: files.files.conf, port });
    // What reaches the hub: its own user, subscribed to the branch as the hub is.
    observer = await mqtt.connectAsync(mosquitto.url, { username: files.hubUser, password: files.hubPassword, clientId: 'acl-hub-observer', reconnectPeriod: 0 });
    clients.push(observer);
    observer.on('message', (_topic, payload) => {
      try {
        heard.add((JSON.parse(payload.toString()) as { id: string }).id);
      } catch {
        // not an event
      }
    });
    expect((await observer.subscribeAsync('tp/v1/b001/#', { qos: 1 }))[0]!.qos).toBe(1);
  });
  afterAll(async () => {
    await mosquitto?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  accessChecks('(Debian mosquitto)', () => ({
    url: mosquitto.url,
    arrived: async (id) => heard.has(id),
    async revoke(device) {
      expect((await hub.inject('DELETE', `/api/v1/devices/${device.id}`)).status).toBe(204);
      await writeMosquittoFiles(filesOptions);
      await mosquitto.reload();
    },
    refusedSubscription: 'silently-empty',
  }));

  it('lets the hub read the branch and write only its own summaries', async () => {
    const spoof = createEvent('tp.queue.observed', { branchId: BRANCH, sourceKind: 'edge', sourceId: 'cam-a' }, { zoneId: 'lobby', count: 1, waitEstimateS: null, confidence: 1, windowS: 10 });
    await observer.publishAsync('tp/v1/b001/edge/cam-a/queue', JSON.stringify(spoof), { qos: 1 });
    const own = createEvent('tp.queue.observed', { branchId: BRANCH, sourceKind: 'hub', sourceId: BRANCH }, { zoneId: 'lobby', count: 1, waitEstimateS: null, confidence: 1, windowS: 10 });
    await observer.publishAsync(`tp/v1/b001/hub/${BRANCH}/summary`, JSON.stringify(own), { qos: 1 });
    await until('the hub\'s own message', () => heard.has(own.id), 10_000);
    expect(heard.has(spoof.id)).toBe(false);
  });
});
