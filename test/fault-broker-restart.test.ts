/**
 * The broker restarts in the middle of a stream, end to end: the hub as a child process behind a
 * real Mosquitto (configured by `npm run mosquitto:files`, persistence on), and the edge's real
 * publisher (its on-disk outbox) sending a steady stream. Mosquitto stops (SIGTERM: it saves its
 * store) for two seconds and starts again on the same port.
 *
 * While it is down the edge queues on disk and the hub's /healthz says the broker is unreachable;
 * when it is back both reconnect by themselves (the hub resumes its persistent session) and every
 * event is stored once, in the order it was published.
 * (test/edge-outbox.test.ts covers the edge's side more harshly: a stop with a full window in
 * flight and an edge restart with events queued, against a plain persistent subscriber.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgePublisher } from '../edge/pipeline/publish.ts';
import { writeMosquittoFiles } from '../hub/tools/mosquitto-files.ts';
import { duplicatesIn, expectNothingLost, reportFault } from './helpers/fault-report.ts';
import { startHubProcess, type HubProcess } from './helpers/hub-process.ts';
import { freePort, runAsUserLine, startMosquitto, type MosquittoBroker } from './helpers/mosquitto.ts';
import { until } from './helpers/until.ts';

const SOURCE = 'cam-broker-restart';
const DOWN_MS = 2000;

let tmp: string;
let broker: MosquittoBroker;
let hub: HubProcess;
let publisher: EdgePublisher | undefined;
let db: Database.Database;
const adminToken = randomBytes(24).toString('base64url');
let credentials: { username: string; password: string };

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tp-fault-broker-'));
  const dataDir = path.join(tmp, 'data');
  // A first start on the embedded broker creates the database and registers the edge node.
  const seeding = await startHubProcess({ DATA_DIR: dataDir, TP_ADMIN_TOKEN: adminToken });
  try {
    const response = await fetch(`${seeding.apiUrl}/devices`, {
      method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'edge', sourceId: SOURCE, name: 'Broker restart camera' }),
    });
    expect(response.status).toBe(201);
    const { username, password } = ((await response.json()) as { mqtt: { username: string; password: string } }).mqtt;
    credentials = { username, password };
  } finally {
    await seeding.stop();
  }
  const port = await freePort();
  const files = await writeMosquittoFiles({
    outDir: path.join(tmp, 'mosquitto'), dataDir, port, user: runAsUserLine ? 'root' : undefined,
    branchConfigFile: path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json'),
  });
  broker = await startMosquitto({ confFile: files.files.conf, port });
  hub = await startHubProcess({
    DATA_DIR: dataDir, TP_ADMIN_TOKEN: adminToken, MQTT_URL: broker.url, MQTT_USERNAME: files.hubUser, MQTT_PASSWORD: files.hubPassword,
    MQTT_CLIENT_ID: `tp-hub-restart-${randomBytes(3).toString('hex')}`,
  });
  db = new Database(path.join(dataDir, 'touchpoint.db'), { readonly: true, fileMustExist: true });
});

afterAll(async () => {
  await publisher?.stop();
  await hub?.kill();
  await broker?.stop();
  db?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const health = async () => {
  const response = await fetch(`${hub.httpUrl}/healthz`);
  return { status: response.status, body: (await response.json()) as { problems?: string[] } };
};

describe('the broker restarts during a stream', () => {
  it('stores every event once, in order, and both sides reconnect by themselves', async () => {
    publisher = new EdgePublisher({
      branchId: 'b001', sourceId: SOURCE, broker: { url: broker.url, ...credentials }, dataDir: path.join(tmp, 'edge'),
      reconnectMinMs: 100, reconnectMaxMs: 400,
    });
    await publisher.start();
    const published: string[] = [];
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        const event = await publisher!.publish('tp.queue.observed', { zoneId: 'teller-line', count: published.length % 30, waitEstimateS: 60, confidence: 0.8, windowS: 10 });
        published.push(event.id);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const stored = () => db.prepare(`SELECT id FROM "Event" WHERE sourceId = ? AND type = 'tp.queue.observed' ORDER BY rowid`).pluck().all(SOURCE) as string[];
    await until('a first part of the stream stored', () => stored().length >= 100, 20_000);

    await broker.stop();
    const downAt = Date.now();
    const storedAtStop = stored().length;
    const degraded = await until('/healthz degraded', async () => ((await health()).status === 503 ? (await health()).body : null), 5000, 100);
    expect(degraded.problems).toContain('mqtt: not connected to the external broker');
    await new Promise((resolve) => setTimeout(resolve, DOWN_MS - (Date.now() - downAt)));
    const queuedWhileDown = publisher.stats().queued;
    expect(publisher.stats().connected).toBe(false);
    expect(queuedWhileDown).toBeGreaterThan(20);

    await broker.restart();
    const upAt = Date.now();
    await until('/healthz ok again', async () => (await health()).status === 200, 15_000, 100);
    const hubBackMs = Date.now() - upAt;
    await new Promise((resolve) => setTimeout(resolve, 500));
    streaming = false;
    await stream;
    await until('every event stored', () => stored().length >= published.length, 20_000, 50);
    await until('the outbox empty', () => publisher!.stats().queued === 0, 5000);
    const drainedMs = Date.now() - upAt;

    const ids = stored();
    const counts = {
      sent: published.length, acknowledged: published.length - publisher.stats().queued, stored: new Set(ids).size,
      duplicates: duplicatesIn(ids), lost: published.filter((id) => !ids.includes(id)).length,
    };
    reportFault('broker-restart-mosquitto', counts, {
      storedAtStop, queuedWhileDown, downMs: upAt - downAt, hubBackMs, drainedMs, sessionResumed: /"sessionPresent":true/.test(hub.output()),
    });
    expectNothingLost(counts);
    expect(ids).toEqual(published);
    expect(hub.output()).toMatch(/"sessionPresent":true/); // the hub resumed its persistent session
  }, 60_000);
});
