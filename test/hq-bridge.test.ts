/**
 * Branch → HQ across real brokers: two branch hubs (b001, b002) on one branch Mosquitto, whose
 * bridge (hub/tools/mosquitto-bridge.ts) forwards their summaries to the HQ Mosquitto, where an
 * HQ-only hub (HUB_ROLE=hq) subscribes. Summaries arrive; KPIs at HQ equal each branch's own; a
 * restart of the HQ broker loses none (the branch broker queues them for the bridge); a summary
 * sent again is stored once.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoPasswordHash } from '../hub/auth/secrets.ts';
import { loadHubConfig } from '../hub/config.ts';
import { mergeAggregates } from '../hub/experience/aggregate.ts';
import type { HourAggregate } from '../hub/experience/kpi-types.ts';
import { kpisOf } from '../hub/experience/kpis.ts';
import { startHqHub, type RunningHqHub } from '../hub/hq/hq-hub.ts';
import { createLogger } from '../hub/logger.ts';
import { bridgeSection } from '../hub/tools/mosquitto-bridge.ts';
import { servedMorning } from './helpers/branch-morning.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { freePort, runAsUserLine, startMosquitto, type MosquittoBroker } from './helpers/mosquitto.ts';
import { FakeClock } from './helpers/queue-api.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { until } from './helpers/until.ts';

const DAY = '2026-03-02';
const dir = tempDir();
const hqPassword = 'hq-hub-secret';
const bridgePassword = 'bridge-secret';
let hqBroker: MosquittoBroker;
let branchBroker: MosquittoBroker;
let hq: RunningHqHub;
const branches: Array<{ id: string; hub: TestHub; clock: FakeClock }> = [];

/** HQ's Mosquitto: persistent, no anonymous clients, the bridge may only write summaries. */
async function startHqBroker(): Promise<MosquittoBroker> {
  const port = await freePort();
  const base = path.join(dir.path, 'hq-broker');
  mkdirSync(base);
  writeFileSync(path.join(base, 'passwd'), `tp-hq:${mosquittoPasswordHash(hqPassword)}\nbridge-riverside:${mosquittoPasswordHash(bridgePassword)}\n`);
  writeFileSync(path.join(base, 'acl'), [
    'user tp-hq', 'topic read tp/v1/+/hub/+/summary', '',
    'user bridge-riverside', 'topic write tp/v1/b001/hub/+/summary', 'topic write tp/v1/b002/hub/+/summary', '',
  ].join('\n'));
  const conf = path.join(base, 'mosquitto.conf');
  writeFileSync(conf, [
    runAsUserLine, `listener ${port} 127.0.0.1`, 'allow_anonymous false', `password_file ${base}/passwd`, `acl_file ${base}/acl`,
    'persistence true', `persistence_location ${base}/`, 'max_queued_messages 100000', '',
  ].join('\n'));
  return startMosquitto({ confFile: conf, port });
}

/** The branch's Mosquitto: its hubs connect to it; its bridge forwards their summaries to HQ. */
async function startBranchBroker(hqUrl: string): Promise<MosquittoBroker> {
  const port = await freePort();
  const base = path.join(dir.path, 'branch-broker');
  mkdirSync(base);
  const conf = path.join(base, 'mosquitto.conf');
  writeFileSync(conf, [
    runAsUserLine, `listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence true', `persistence_location ${base}/`, 'max_queued_messages 100000', '',
    bridgeSection({ branchIds: ['b001', 'b002'], hqUrl, username: 'bridge-riverside', password: bridgePassword, restartTimeoutS: [1, 2] }),
  ].join('\n'));
  return startMosquitto({ confFile: conf, port });
}

/** A second branch: the demo branch's layout under another id, name and region. */
function secondBranchConfig(): string {
  const demo = JSON.parse(readFileSync(loadHubConfig({}).TP_BRANCH_CONFIG, 'utf8')) as { branch: Record<string, unknown> };
  demo.branch = { ...demo.branch, id: 'b002', name: 'Touchpoint Demo Branch, Hillside', nameZh: '触点演示支行（山景）', region: 'north' };
  const file = path.join(dir.path, 'b002.json');
  writeFileSync(file, JSON.stringify(demo));
  return file;
}

const hqHours = (branchId: string) => hq.db.hqHour.findMany({ where: { branchId }, orderBy: { hourStart: 'asc' } });
const finalHours = (hub: TestHub) => hub.db.experienceHour.findMany({ where: { final: true }, orderBy: { hourStart: 'asc' } });

async function arrived(branchId: string, count: number): Promise<void> {
  await until(`${count} hours of ${branchId} at HQ`, async () => (await hq.db.hqHour.count({ where: { branchId } })) === count, 30_000, 50);
}

beforeAll(async () => {
  hqBroker = await startHqBroker();
  branchBroker = await startBranchBroker(hqBroker.url);
  hq = await startHqHub(
    loadHubConfig({ HUB_ROLE: 'hq', PORT: '0', HOST: '127.0.0.1', DATA_DIR: path.join(dir.path, 'hq'), MQTT_URL: hqBroker.url, MQTT_CLIENT_ID: 'tp-hq', MQTT_USERNAME: 'tp-hq', MQTT_PASSWORD: hqPassword }),
    createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
  for (const [id, config] of [['b001', undefined], ['b002', secondBranchConfig()]] as const) {
    const clock = new FakeClock(Date.parse('2026-03-02T01:50:00Z')); // 09:50 in Shanghai
    const env: Record<string, string> = { HUB_ROLE: 'branch', MQTT_URL: branchBroker.url, MQTT_CLIENT_ID: `tp-hub-${id}`, ...(config ? { TP_BRANCH_CONFIG: config } : {}) };
    const hub = await startTestHub(env, { now: clock.now });
    branches.push({ id, hub, clock });
  }
  // b001 has the full morning; b002 the same, which HQ must still keep apart.
  for (const { hub, clock } of branches) await servedMorning(hub, clock);
  for (const { hub, clock } of branches) {
    clock.ms = Date.parse('2026-03-02T03:30:00Z'); // 11:30: the hours up to 10:00 are final.
    await hub.experience.tick();
    await hub.summaries!.publishPending();
  }
}, 60_000);

afterAll(async () => {
  for (const { hub } of branches) await hub.close();
  await hq?.stop();
  await branchBroker?.stop();
  await hqBroker?.stop();
  dir.remove();
});

describe('summaries over a Mosquitto bridge', () => {
  it('arrive at HQ from both branches', async () => {
    for (const { id, hub } of branches) {
      const sent = await finalHours(hub);
      expect(sent.length).toBeGreaterThan(1);
      await arrived(id, sent.length);
      expect((await hqHours(id)).map((hour) => hour.label)).toEqual(sent.map((hour) => hour.label));
    }
    const known = await hq.db.hqBranch.findMany({ orderBy: { id: 'asc' } });
    expect(known.map((branch) => [branch.id, branch.region, branch.simulated])).toEqual([['b001', 'east', false], ['b002', 'north', false]]);
  });

  it("give HQ each branch's own KPIs for the same hours", async () => {
    for (const { id, hub } of branches) {
      const atBranch = kpisOf(mergeAggregates((await finalHours(hub)).map((hour) => JSON.parse(hour.aggregate) as HourAggregate)), { minResponses: 1 });
      const day = await hq.db.hqDay.findUniqueOrThrow({ where: { branchId_localDate: { branchId: id, localDate: DAY } } });
      expect(kpisOf(JSON.parse(day.aggregate) as HourAggregate, { minResponses: 1 })).toEqual(atBranch);
      expect(atBranch.tickets).toMatchObject({ issued: 3, served: 2, serviceLevel: 0.3333, wait: { avgS: 630, p90S: 780 } });
      expect(atBranch.feedback.nps).toMatchObject({ responses: 2, score: 0 });
    }
  });

  it('loses none while the HQ broker restarts', async () => {
    const [{ id, hub, clock }] = branches as [(typeof branches)[number]];
    await hqBroker.stop();
    clock.ms = Date.parse('2026-03-02T05:30:00Z'); // 13:30: the 11:00 and 12:00 hours become final meanwhile.
    await hub.experience.tick();
    await hub.summaries!.publishPending();
    const sent = await finalHours(hub);
    // The branch broker took them (PUBACK): the hub is done; they wait for the bridge.
    expect(sent.every((hour) => hour.publishedAt !== null)).toBe(true);
    await hqBroker.restart();
    await arrived(id, sent.length);
    expect((await hqHours(id)).map((hour) => hour.label)).toEqual(sent.map((hour) => hour.label));
  });

  it('stores a summary sent again once', async () => {
    const [{ id, hub }] = branches as [(typeof branches)[number]];
    const before = await hqHours(id);
    const again = await hub.inject('POST', '/api/v1/experience/summaries/publish', { body: { from: DAY, to: DAY } });
    expect(again).toMatchObject({ status: 200, body: { published: before.length + 1, provisional: 1 } });
    // The provisional 13:00 hour was sent last: once it is in, the repeats before it are too.
    await arrived(id, before.length + 1);
    const after = await hqHours(id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({ label: '2026-03-02T13:00+08:00', final: false });
  });
});
