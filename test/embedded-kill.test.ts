/**
 * With the embedded broker the hub is the broker, so its PUBACK is the only promise an edge gets.
 * Kill the hub (SIGKILL) in the middle of a burst: every event acknowledged before the kill must
 * already be in the database, and once the hub is back the publisher's retransmissions complete
 * the burst without storing anything twice.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../protocol/envelope.ts';
import { startHubProcess, type HubProcess } from './helpers/hub-process.ts';
import { reportFault } from './helpers/fault-report.ts';
import { freePort } from './helpers/mosquitto.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { until } from './helpers/until.ts';

const BURST = 3000;
const KILL_AFTER_STORED = 600;
const ADMIN = 'kill-test-admin-token';

let dir: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let hub: HubProcess;
let publisher: MqttClient | undefined;


beforeAll(async () => {
  dir = tempDir();
  env = { DATA_DIR: dir.path, TP_ADMIN_TOKEN: ADMIN, PORT: String(await freePort()), MQTT_PORT: String(await freePort()) };
  hub = await startHubProcess(env);
});
afterAll(async () => {
  publisher?.end(true);
  await hub?.kill();
  dir?.remove();
});

describe('embedded broker: hub killed mid-burst', () => {
  it('has committed every acknowledged event at the kill, and completes the burst exactly once after restart', async () => {
    const response = await fetch(`${hub.apiUrl}/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'edge', sourceId: 'cam-burst', name: 'Burst camera' }),
    });
    const { mqtt: credentials } = (await response.json()) as { mqtt: { username: string; password: string; topicPrefix: string } };
    publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${env.MQTT_PORT}`, {
      username: credentials.username, password: credentials.password, clientId: 'kill-test-publisher', clean: false, reconnectPeriod: 100,
    });

    const tag = `kill-${randomBytes(4).toString('hex')}-`;
    const ids = Array.from({ length: BURST }, (_, i) => `${tag}${String(i).padStart(5, '0')}`);
    const acked = new Set<string>();
    let failed = 0;
    for (const id of ids) {
      const event = createEvent('tp.queue.observed', { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-burst' },
        { zoneId: 'teller-line', count: 3, waitEstimateS: 90, confidence: 0.8, windowS: 10 }, { id });
      publisher.publish(`${credentials.topicPrefix}queue`, JSON.stringify(event), { qos: 1 }, (error) => (error ? failed++ : acked.add(id)));
    }

    await until(`${KILL_AFTER_STORED} acknowledged`, () => acked.size >= KILL_AFTER_STORED, 30_000, 1);
    await hub.kill();
    const ackedAtKill = [...acked];

    const db = new Database(path.join(dir.path, 'touchpoint.db'), { readonly: true });
    const storedIds = () => new Set(db.prepare('SELECT id FROM "Event" WHERE id >= ? AND id < ?').pluck().all(tag, `${tag}~`) as string[]);
    const storedAtKill = storedIds();
    const ackedButNotStored = ackedAtKill.filter((id) => !storedAtKill.has(id));

    hub = await startHubProcess(env);
    await until('every event acknowledged', () => acked.size + failed >= BURST, 60_000);
    const finalIds = db.prepare('SELECT id FROM "Event" WHERE id >= ? AND id < ? ORDER BY id').pluck().all(tag, `${tag}~`) as string[];
    db.close();
    console.log(`embedded burst: sent ${BURST}; acknowledged before the kill ${ackedAtKill.length}, stored at the kill ${storedAtKill.size}; ` +
      `after restart acknowledged ${acked.size}, failed ${failed}, stored ${finalIds.length} (${new Set(finalIds).size} distinct)`);

    reportFault('hub-sigkill-embedded', {
      sent: BURST, acknowledged: acked.size, stored: new Set(finalIds).size, duplicates: finalIds.length - new Set(finalIds).size,
      lost: ids.filter((id) => !finalIds.includes(id)).length + ackedButNotStored.length,
    }, { ackedAtKill: ackedAtKill.length, storedAtKill: storedAtKill.size, ackedButNotStoredAtKill: ackedButNotStored.length, failed });
    expect(storedAtKill.size).toBeLessThan(BURST); // the kill really was mid-burst
    expect(ackedButNotStored).toEqual([]);
    expect(failed).toBe(0);
    expect(finalIds).toEqual(ids);
  }, 120_000);
});
