/**
 * The hub's database refuses writes while a device keeps publishing (QoS 1, embedded broker):
 *
 * - disk full: `PRAGMA max_page_count` on the hub's own connection caps the file at its current
 *   size, so SQLite answers SQLITE_FULL exactly as it does on ENOSPC (works as any user, anywhere);
 * - read-only: `chattr +i` on the database file and its WAL, so every write gets EPERM
 *   (SQLITE_IOERR_WRITE, as on a file system remounted read-only). Needs root and a file system
 *   with the immutable flag (ext4, xfs, btrfs); elsewhere `PRAGMA query_only` (SQLITE_READONLY) stands in,
 *   and the report line says which. The `-shm` file is left alone: it is memory-mapped, and an
 *   immutable one makes the kernel kill the process with SIGBUS.
 *
 * In both: nothing acknowledged is missing from the log, the events the hub could not commit stay
 * with the device (no PUBACK), the hub keeps running and says so (/healthz 503, metrics), and when
 * the space or write access returns it stores every event once, without anyone's help.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../protocol/envelope.ts';
import { duplicatesIn, expectNothingLost, reportFault } from './helpers/fault-report.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { until } from './helpers/until.ts';

const SOURCE = 'cam-db-fault';

let hub: TestHub;
let device: MqttClient;
let prefix: string;
let immutable: string[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  const registered = await hub.inject('POST', '/api/v1/devices', { body: { kind: 'edge', sourceId: SOURCE, name: 'DB fault camera' } });
  expect(registered.status).toBe(201);
  const credentials = registered.body!.mqtt as { username: string; password: string; topicPrefix: string };
  prefix = credentials.topicPrefix;
  // A persistent session and a short reconnect: mqtt.js sends unacknowledged messages again on each connection.
  device = await mqtt.connectAsync(hub.mqttUrl, { clientId: 'db-fault-device', clean: false, username: credentials.username, password: credentials.password, reconnectPeriod: 200 });
});

afterAll(async () => {
  if (immutable.length > 0) execFileSync('chattr', ['-i', ...immutable]);
  await device?.endAsync(true);
  await hub?.close();
});

async function metric(name: string, labels = ''): Promise<number> {
  const text = (await hub.inject('GET', '/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name}{`)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const sumMetric = async (name: string): Promise<number> =>
  (await hub.inject('GET', '/metrics')).text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `)).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);

interface Fault {
  name: string;
  inject(): Promise<string>;
  clear(): Promise<void>;
  problem: RegExp;
}

const diskFull: Fault = {
  name: 'database-disk-full',
  async inject() {
    const [row] = await hub.db.$queryRawUnsafe<{ page_count: bigint }[]>('PRAGMA page_count');
    await hub.db.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(row!.page_count)}`);
    return 'PRAGMA max_page_count (SQLITE_FULL)';
  },
  async clear() {
    await hub.db.$queryRawUnsafe('PRAGMA max_page_count = 1073741823');
  },
  problem: /SQLITE_FULL: database or disk is full/,
};

const readOnly: Fault = {
  name: 'database-read-only',
  async inject() {
    const files = ['touchpoint.db', 'touchpoint.db-wal'].map((file) => path.join(hub.dataDir, file));
    try {
      execFileSync('chattr', ['+i', ...files], { stdio: 'pipe' });
      immutable = files;
      return 'chattr +i on the database file and its WAL (EPERM on write)';
    } catch {
      await hub.db.$queryRawUnsafe('PRAGMA query_only = ON');
      return 'PRAGMA query_only (chattr +i not available here)';
    }
  },
  async clear() {
    if (immutable.length > 0) execFileSync('chattr', ['-i', ...immutable]);
    else await hub.db.$queryRawUnsafe('PRAGMA query_only = OFF');
    immutable = [];
  },
  problem: /SQLITE_(IOERR|READONLY)/,
};

describe.each([diskFull, readOnly])('$name', (fault) => {
  it('acknowledges only what it committed, reports itself degraded, and stores every event once when writes work again', async () => {
    const tag = `${fault.name}-${randomBytes(3).toString('hex')}-`;
    const published: string[] = [];
    const acked = new Set<string>();
    let resent = 0;
    // Like an edge's outbox: an event whose publish failed (the connection closed before its PUBACK) is sent again, same id.
    const send = (id: string, payload: string): void => {
      device.publish(`${prefix}queue`, payload, { qos: 1 }, (error) => {
        if (!error) return void acked.add(id);
        resent++;
        setTimeout(() => send(id, payload), 100);
      });
    };
    const publish = (): void => {
      const id = `${tag}${String(published.length).padStart(4, '0')}`;
      const event = createEvent('tp.queue.observed', { branchId: hub.branchId, sourceKind: 'edge', sourceId: SOURCE },
        { zoneId: 'teller-line', count: published.length % 20, waitEstimateS: 60, confidence: 0.8, windowS: 10 }, { id });
      published.push(id);
      send(id, JSON.stringify(event));
    };
    const stored = async (): Promise<string[]> =>
      (await hub.db.$queryRawUnsafe<{ id: string }[]>('SELECT id FROM "Event" WHERE id >= ? AND id < ? ORDER BY rowid', tag, `${tag}~`)).map((row) => row.id);
    const failuresBefore = await sumMetric('tp_ingest_commit_failures_total');

    // Before: the hub is healthy and stores what comes.
    for (let i = 0; i < 10; i++) publish();
    await until('the first events acknowledged', () => acked.size === 10);
    expect((await hub.inject('GET', '/healthz')).status).toBe(200);

    const simulated = await fault.inject();
    const faultAt = Date.now();
    // During: the device keeps sending; nothing more is committed, so nothing more is acknowledged.
    for (let i = 0; i < 190; i++) {
      publish();
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const degraded = await until('/healthz degraded', async () => {
      const health = await hub.inject('GET', '/healthz');
      return health.status === 503 ? health.body : null;
    });
    expect(degraded).toMatchObject({ status: 'degraded', problems: [expect.stringMatching(fault.problem)] });
    expect(await metric('tp_ingest_storage_ok')).toBe(0);
    // Let the device retry against the refusing database for a while.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const storedDuring = await stored();
    const ackedDuring = [...acked];
    const storedSet = new Set(storedDuring);
    expect(ackedDuring.filter((id) => !storedSet.has(id))).toEqual([]); // acknowledged ⇒ committed
    expect(ackedDuring.length).toBeLessThan(published.length); // the fault really held events back
    const failuresDuring = (await sumMetric('tp_ingest_commit_failures_total')) - failuresBefore;
    expect(failuresDuring).toBeGreaterThan(0);

    // After: space or write access returns; nobody restarts anything.
    await fault.clear();
    const clearedAt = Date.now();
    await until('every event acknowledged', () => acked.size === published.length, 30_000);
    const recoveredMs = Date.now() - clearedAt;
    await until('/healthz ok again', async () => (await hub.inject('GET', '/healthz')).status === 200, 10_000);
    expect(await metric('tp_ingest_storage_ok')).toBe(1);

    const ids = await stored();
    const counts = {
      sent: published.length,
      acknowledged: acked.size,
      stored: new Set(ids).size,
      duplicates: duplicatesIn(ids),
      lost: published.filter((id) => !ids.includes(id)).length,
    };
    reportFault(fault.name, counts, {
      simulated, ackedDuringFault: ackedDuring.length, storedDuringFault: storedDuring.length, heldBack: published.length - ackedDuring.length,
      commitFailures: failuresDuring, faultMs: clearedAt - faultAt, recoveredMs, resentByDevice: resent,
    });
    expectNothingLost(counts);
    expect([...ids].sort()).toEqual(published); // ids sort in publish order
    expect(await hub.db.deadLetter.count({ where: { eventId: { startsWith: tag } } })).toBe(0);
  }, 50_000);
});
