/**
 * The hub behind a real Mosquitto, configured by `npm run mosquitto:files`: devices publish with
 * the credentials the hub issued, the ACL keeps each device to its own prefix, and a hub killed
 * in the middle of a burst loses nothing and stores nothing twice once it is back.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../protocol/envelope.ts';
import { buildTopic } from '../protocol/topics.ts';
import { writeMosquittoFiles } from '../hub/tools/mosquitto-files.ts';
import { reportFault } from './helpers/fault-report.ts';
import { startHubProcess, type HubProcess } from './helpers/hub-process.ts';
import { freePort, runAsUserLine, startMosquitto, type MosquittoBroker } from './helpers/mosquitto.ts';
import { until } from './helpers/until.ts';

const BRANCH = 'b001';
const BURST = 3000;
const DUPLICATES = 5;
const KILL_AFTER_STORED = 500;

interface DeviceCredentials {
  sourceId: string;
  username: string;
  password: string;
  topicPrefix: string;
}

/** The README's example of a queue observation, as documented. */
function readmeQueueExample(): { id: string; source: string; data: { zoneId: string; count: number } } & Record<string, unknown> {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../protocol/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### `tp.queue.observed`'));
  const json = /```json\n(.*)\n```/.exec(section)?.[1];
  if (!json) throw new Error('no tp.queue.observed example in protocol/README.md');
  return JSON.parse(json);
}


async function connectDevice(url: string, device: DeviceCredentials, clientId = `test-${device.sourceId}`): Promise<MqttClient> {
  return mqtt.connectAsync(url, { clientId, username: device.username, password: device.password, clean: true, reconnectPeriod: 500 });
}

/** Resolves with the CONNACK refusal (or a refusal-shaped error) of a connection attempt. */
function refusal(url: string, options: mqtt.IClientOptions): Promise<{ code?: number; message: string }> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, { ...options, reconnectPeriod: 0, connectTimeout: 10_000 });
    client.once('connect', () => { client.end(true); resolve({ message: 'connected' }); });
    client.once('error', (error: Error & { code?: number }) => { client.end(true); resolve({ code: error.code, message: error.message }); });
  });
}

describe('hub ingest through an external Mosquitto', () => {
  const adminToken = randomBytes(24).toString('base64url');
  const clientId = `tp-hub-test-${randomBytes(4).toString('hex')}`;
  let tmp: string;
  let dataDir: string;
  let broker: MosquittoBroker;
  let hub: HubProcess;
  let hubEnv: Record<string, string>;
  let db: Database.Database;
  const devices: Record<'lobby' | 'teller', DeviceCredentials> = {} as never;
  const clients: MqttClient[] = [];

  const eventStored = (id: string): boolean => db.prepare('SELECT 1 FROM "Event" WHERE id = ?').get(id) !== undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tp-mosquitto-ingest-'));
    dataDir = path.join(tmp, 'data');

    // 1. A first start, on the embedded broker, creates the database; register two edge nodes.
    const seeding = await startHubProcess({ DATA_DIR: dataDir, TP_ADMIN_TOKEN: adminToken });
    try {
      for (const [key, sourceId] of [['lobby', 'cam-lobby-1'], ['teller', 'cam-teller-1']] as const) {
        const response = await fetch(`${seeding.apiUrl}/devices`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'edge', sourceId, name: `test ${sourceId}` }),
        });
        expect(response.status, await response.clone().text()).toBe(201);
        const { mqtt: credentials } = (await response.json()) as { mqtt: Omit<DeviceCredentials, 'sourceId'> };
        devices[key] = { sourceId, ...credentials };
      }
    } finally {
      await seeding.stop();
    }

    // 2. Mosquitto configured by the CLI's function, then the hub on it with its persistent session.
    const port = await freePort();
    const files = await writeMosquittoFiles({
      outDir: path.join(tmp, 'mosquitto'),
      dataDir,
      branchConfigFile: path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json'),
      port,
      user: runAsUserLine ? 'root' : undefined,
    });
    expect(files.devices).toBe(2);
    broker = await startMosquitto({ confFile: files.files.conf, port });
    hubEnv = {
      DATA_DIR: dataDir,
      TP_ADMIN_TOKEN: adminToken,
      MQTT_URL: broker.url,
      MQTT_USERNAME: files.hubUser,
      MQTT_PASSWORD: files.hubPassword,
      MQTT_CLIENT_ID: clientId,
    };
    hub = await startHubProcess(hubEnv);
    db = new Database(path.join(dataDir, 'touchpoint.db'), { readonly: true, fileMustExist: true });
  });

  afterAll(async () => {
    for (const client of clients) await client.endAsync(true).catch(() => undefined);
    await hub?.kill();
    await broker?.stop();
    db?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('stores a device\'s QoS 1 event and shows it in the live state', async () => {
    const example = readmeQueueExample();
    const lobby = await connectDevice(broker.url, devices.lobby);
    clients.push(lobby);
    // The example is from cam-lobby-1; publish it with a fresh id so reruns stay independent.
    const event = { ...example, id: randomUUID() };
    await lobby.publishAsync(`${devices.lobby.topicPrefix}queue`, JSON.stringify(event), { qos: 1 });

    await until('the example event in the Event table', () => eventStored(event.id));
    const state = await until('the zone in /state', async () => {
      const response = await fetch(`${hub.apiUrl}/state`, { headers: { authorization: `Bearer ${adminToken}` } });
      const body = (await response.json()) as { zones: { zoneId: string; count: number | null }[] };
      return body.zones.find((zone) => zone.zoneId === example.data.zoneId && zone.count === example.data.count);
    });
    expect(state.count).toBe(example.data.count);
  });

  it('keeps each device to its own prefix and refuses anonymous and wrong credentials', async () => {
    const lobby = await connectDevice(broker.url, devices.lobby, 'test-lobby-intruder');
    clients.push(lobby);
    // A valid event from cam-teller-1, sent by cam-lobby-1 under cam-teller-1's prefix.
    const forged = createEvent('tp.queue.observed', { branchId: BRANCH, sourceKind: 'edge', sourceId: devices.teller.sourceId }, { zoneId: 'teller-line', count: 9, waitEstimateS: null, confidence: 0.9, windowS: 10 });
    await lobby.publishAsync(buildTopic({ branchId: BRANCH, sourceKind: 'edge', sourceId: devices.teller.sourceId, eventKind: 'queue' }), JSON.stringify(forged), { qos: 1 });
    // Then a marker on its own prefix: once the hub has it, the forged one would have arrived too.
    const marker = createEvent('tp.queue.observed', { branchId: BRANCH, sourceKind: 'edge', sourceId: devices.lobby.sourceId }, { zoneId: 'lobby', count: 1, waitEstimateS: null, confidence: 0.9, windowS: 10 });
    await lobby.publishAsync(`${devices.lobby.topicPrefix}queue`, JSON.stringify(marker), { qos: 1 });
    await until('the marker event', () => eventStored(marker.id));
    expect(eventStored(forged.id)).toBe(false);
    expect(db.prepare('SELECT COUNT(*) AS n FROM "DeadLetter" WHERE eventId = ?').get(forged.id)).toEqual({ n: 0 });

    const anonymous = await refusal(broker.url, { clientId: 'test-anonymous' });
    expect(anonymous.message).not.toBe('connected');
    expect(anonymous.code).toBe(5);
    const wrongPassword = await refusal(broker.url, { clientId: 'test-wrong', username: devices.lobby.username, password: 'not-the-secret' });
    expect(wrongPassword.message).not.toBe('connected');
    expect([4, 5]).toContain(wrongPassword.code);
  });

  it('loses nothing and stores nothing twice when the hub is killed mid-burst', async () => {
    const started = Date.now();
    const tag = `burst-${randomBytes(4).toString('hex')}-`;
    const countBurst = db.prepare('SELECT COUNT(*) AS n FROM "Event" WHERE id >= ? AND id < ?').pluck();
    const stored = (): number => countBurst.get(tag, `${tag}~`) as number;
    const topic = `${devices.teller.topicPrefix}queue`;
    const payloads = Array.from({ length: BURST }, (_, i) =>
      JSON.stringify(createEvent('tp.queue.observed', { branchId: BRANCH, sourceKind: 'edge', sourceId: devices.teller.sourceId },
        { zoneId: 'teller-line', count: i % 25, waitEstimateS: 30 * (i % 25), confidence: 0.8, windowS: 10 }, { id: `${tag}${String(i).padStart(5, '0')}` })));
    // A few events sent twice, as an edge's outbox does after a lost PUBACK.
    const messages = [...payloads];
    for (let k = 0; k < DUPLICATES; k++) messages.splice(Math.floor(((k + 1) * BURST) / (DUPLICATES + 1)), 0, payloads[k * 7]!);

    const publisher = await connectDevice(broker.url, devices.teller, 'test-burst-publisher');
    clients.push(publisher);
    let acknowledged = 0;
    let failed = 0;
    for (const message of messages) {
      publisher.publish(topic, message, { qos: 1 }, (error) => (error ? failed++ : acknowledged++));
    }

    await until(`${KILL_AFTER_STORED} burst events stored`, () => stored() >= KILL_AFTER_STORED, 30_000, 5);
    await hub.kill();
    const storedAtKill = stored();
    const ackedAtKill = acknowledged;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const storedWhileDown = stored();
    hub = await startHubProcess(hubEnv);
    const restartedAfterMs = Date.now() - started;
    const storedAtRestart = stored();

    await until('every PUBACK at the publisher', () => acknowledged + failed === messages.length, 30_000);
    // Until the whole burst is stored, or nothing has changed for 5 s (then the counts below tell what was lost).
    let last = -1;
    let lastChangeAt = Date.now();
    await until(`all ${BURST} burst events stored, or no progress`, () => {
      const now = stored();
      if (now !== last) [last, lastChangeAt] = [now, Date.now()];
      return now >= BURST || Date.now() - lastChangeAt > 5000;
    }, 40_000, 5);
    const drainedAfterMs = Date.now() - started;
    // Let anything still in flight land, then look again: it must not add rows.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const ids = db.prepare('SELECT id FROM "Event" WHERE id >= ? AND id < ? ORDER BY id').pluck().all(tag, `${tag}~`) as string[];
    const expected = payloads.map((payload) => (JSON.parse(payload) as { id: string }).id).sort();
    const metrics = await (await fetch(`${hub.httpUrl}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
    const duplicatesAfterRestart = Number(/^tp_events_duplicate_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
    const batchSum = Number(/^tp_ingest_batch_size_sum (\d+)/m.exec(metrics)?.[1] ?? NaN);
    const batchCount = Number(/^tp_ingest_batch_size_count (\d+)/m.exec(metrics)?.[1] ?? NaN);
    const dropped = broker.log().split('\n').filter((line) => /dropped/i.test(line));
    console.log(
      `mosquitto burst: sent ${messages.length} messages (${BURST} distinct ids, ${DUPLICATES} duplicates); ` +
        `broker acknowledged ${acknowledged}, failed ${failed}; hub killed with ${storedAtKill} stored and ${ackedAtKill} acknowledged ` +
        `(${storedWhileDown} stored while down), restarted after ${restartedAfterMs} ms, drained ${ids.length - storedAtRestart} more ` +
        `in ${drainedAfterMs - restartedAfterMs} ms; stored ${ids.length} ` +
        `(${new Set(ids).size} distinct); duplicates dropped by the restarted hub ${duplicatesAfterRestart}; ` +
        `broker drop warnings ${dropped.length}; restarted hub committed ${batchSum} messages in ${batchCount} transactions; ${Date.now() - started} ms in all`,
    );

    const storedSet = new Set(ids);
    reportFault('hub-sigkill-mosquitto', {
      sent: BURST, acknowledged: acknowledged === messages.length ? BURST : acknowledged - DUPLICATES, stored: storedSet.size, duplicates: ids.length - storedSet.size,
      lost: expected.filter((id) => !storedSet.has(id)).length,
    }, { resentCopies: DUPLICATES, storedAtKill, ackedByBrokerAtKill: ackedAtKill, duplicatesDroppedAfterRestart: duplicatesAfterRestart, brokerDropWarnings: dropped.length });
    expect(failed).toBe(0);
    expect(acknowledged).toBe(messages.length);
    expect(storedAtKill).toBeLessThan(BURST); // the kill really was mid-burst
    expect(storedWhileDown).toBe(storedAtKill);
    expect(dropped).toEqual([]);
    // The restarted hub resumed its persistent session: the broker had kept its subscription and queue.
    expect(hub.output()).toMatch(/"sessionPresent":true/);
    expect(ids).toEqual(expected);
    // The broker's backlog reached the database in batches, not one transaction per event.
    expect(batchSum / batchCount).toBeGreaterThan(5);
    expect(db.prepare('SELECT COUNT(*) AS n FROM "DeadLetter" WHERE eventId >= ? AND eventId < ?').get(tag, `${tag}~`)).toEqual({ n: 0 });
  }, 90_000);
});
