/**
 * `npm run bench -- soak`: a whole branch at `--scale` × a busy day's event rate for `--minutes`.
 *
 * The hub runs as `npm start` runs it, in its own process (`hub/main.ts`, HUB_ROLE=branch, the
 * demo edge and demo HQ off), on the embedded broker or behind a real Mosquitto (`--broker
 * mosquitto`), so its memory and CPU are read from /proc for it alone. Around it: `--cameras`
 * edge nodes over MQTT (QoS 1), `--kiosks` kiosks and their customers' phones on the public API
 * and `/queue`, tellers at the counters, `--staff` staff phones on `/staff` answering dispatches,
 * `--tablets` floor tablets on `/floor` and the lobby display. Rates: soak-rates.ts.
 *
 * It prints throughput, latencies (p50/p99/max), the hub's memory over time with its growth per
 * minute, its CPU and event-loop lag, and checks every event, ticket and feedback answer the hub
 * acknowledged against the database at the end. A lost or doubled record, a measured help
 * request without an offer, or a missing live push is a fault: exit code 1.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SeededRandom } from '../hub/queue/simulate-random.ts';
import { writeMosquittoFiles } from '../hub/tools/mosquitto-files.ts';
import { fmt, numericFlags, sleep, takeSwitch, tempDir, UsageError } from './lib.ts';
import { summarise, type ProfileSummary } from './profile.ts';
import { KIOSK_ZONE, FLOOR_PASSWORD, STAFF_PASSWORD, writeSoakBranch, type SoakBranch } from './soak-branch.ts';
import { checkDatabase, waitForStored } from './soak-check.ts';
import { startCameras } from './soak-cameras.ts';
import { EdgeFleet, type EdgeCredentials } from './soak-edges.ts';
import { HelpTracker } from './soak-help.ts';
import { freePort, startHubChild, startMosquittoChild, type ChildHandle, type HubChild } from './soak-hub.ts';
import { KioskLoad } from './soak-kiosks.ts';
import { Monitor } from './soak-monitor.ts';
import { soakRates } from './soak-rates.ts';
import { printReport, type SoakRun } from './soak-report.ts';
import { Scheduler } from './soak-schedule.ts';
import { StaffLoad } from './soak-staff.ts';
import { Api, Latencies } from './soak-stats.ts';

const DEFAULTS = { minutes: 10, scale: 10, cameras: 20, kiosks: 4, staff: 30, tablets: 2, seed: 1 };
const BROKERS = ['embedded', 'mosquitto'] as const;
type Broker = (typeof BROKERS)[number];
const SETTLE_STALL_MS = 30_000;
const PUSH_GRACE_MS = 10_000;

const out = (line = '') => process.stdout.write(line + '\n');

/** Removes `--name value` (or `--name=value`) from args; the value, or undefined. */
function takeOption(args: string[], name: string): string | undefined {
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const [arg] = args.splice(index, 1);
  if (arg!.includes('=')) return arg!.slice(arg!.indexOf('=') + 1);
  const [value] = args.splice(index, 1);
  if (value === undefined) throw new UsageError(`--${name} needs a value`);
  return value;
}

function parseFlags(raw: string[]) {
  const args = [...raw];
  const profile = takeSwitch(args, 'profile');
  const broker = (takeOption(args, 'broker') ?? 'embedded') as Broker;
  if (!BROKERS.includes(broker)) throw new UsageError(`--broker must be ${BROKERS.join(' or ')}`);
  const opts = numericFlags(args, DEFAULTS);
  for (const name of ['cameras', 'kiosks', 'staff', 'tablets'] as const) {
    if (!Number.isInteger(opts[name])) throw new UsageError(`--${name} needs a whole number`);
  }
  return { ...opts, broker, profile };
}

async function registerEdges(apiUrl: string, adminToken: string, branch: SoakBranch): Promise<EdgeCredentials[]> {
  const edges: EdgeCredentials[] = [];
  for (const { sourceId } of branch.cameras) {
    const response = await fetch(`${apiUrl}/devices`, {
      method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'edge', sourceId, name: `Soak camera ${sourceId}` }),
    });
    if (response.status !== 201) throw new Error(`registering ${sourceId}: ${response.status} ${await response.text()}`);
    const { mqtt } = (await response.json()) as { mqtt: { username: string; password: string } };
    edges.push({ sourceId, username: mqtt.username, password: mqtt.password });
  }
  return edges;
}

/** The hub (and Mosquitto), with the edge devices registered; `nodeArgs` go to the hub that takes the load. */
async function startBranch(broker: Broker, dir: string, branch: SoakBranch, adminToken: string, nodeArgs: string[]) {
  const env = {
    DATA_DIR: path.join(dir, 'hub'), TP_ADMIN_TOKEN: adminToken, TP_BRANCH_CONFIG: branch.file,
    // Every bench client comes from 127.0.0.1: the per-address public budgets would refuse the kiosks.
    TP_PUBLIC_WRITES_PER_MIN: '0', TP_PUBLIC_READS_PER_MIN: '0',
  };
  if (broker === 'embedded') {
    const hub = await startHubChild(env, { nodeArgs, gcOnSignal: true });
    const edges = await registerEdges(`${hub.httpUrl}/api/v1`, adminToken, branch);
    return { hub, mosquitto: null, mqttUrl: hub.mqttUrl, edges };
  }
  // Mosquitto's password file and ACL come from the hub's database: register first, then write them.
  const seeding = await startHubChild(env);
  const edges = await registerEdges(`${seeding.httpUrl}/api/v1`, adminToken, branch).finally(() => seeding.stop());
  const port = await freePort();
  const files = await writeMosquittoFiles({
    outDir: path.join(dir, 'mosquitto'), dataDir: env.DATA_DIR, branchConfigFile: branch.file, port,
    user: process.getuid?.() === 0 ? 'root' : undefined,
  });
  const mosquitto = await startMosquittoChild(files.files.conf, port);
  const url = `mqtt://127.0.0.1:${port}`;
  const hub = await startHubChild({ ...env, MQTT_URL: url, MQTT_USERNAME: files.hubUser, MQTT_PASSWORD: files.hubPassword, MQTT_CLIENT_ID: 'tp-hub-soak' }, { nodeArgs, gcOnSignal: true }).catch(async (error) => {
    await mosquitto.stop();
    throw error;
  });
  return { hub, mosquitto, mqttUrl: url, edges };
}

/** The hub's whole-life CPU profile (`--profile`), kept in the temp folder of the OS and summarised. */
function hubProfile(dir: string): ProfileSummary | null {
  const file = existsSync(dir) ? readdirSync(dir).find((name) => name.endsWith('.cpuprofile')) : undefined;
  if (!file) return null;
  return summarise(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), path.join(os.tmpdir(), `bench-soak-hub-${process.pid}.cpuprofile`));
}

export async function runSoakBench(args: string[]): Promise<number> {
  const opts = parseFlags(args);
  const rates = soakRates(opts.scale, opts.cameras, opts.kiosks);
  const tmp = tempDir('tp-bench-soak-');
  const adminToken = randomBytes(24).toString('base64url');
  const random = new SeededRandom(opts.seed);
  const latencies = new Latencies();
  let hub: HubChild | null = null;
  let mosquitto: ChildHandle | null = null;
  let fleet: EdgeFleet | null = null;
  let staff: StaffLoad | null = null;
  let kiosks: KioskLoad | null = null;
  let monitor: Monitor | null = null;
  const scheduler = new Scheduler(random);
  try {
    const durationS = opts.minutes * 60;
    const warmupS = Math.min(60, durationS * 0.2);
    out(`soak bench — ${os.cpus().length} cores, node ${process.version}, ${opts.broker} broker, ${fmt(opts.minutes, 1)} min at ${fmt(opts.scale, 1)} × a busy day, temp ${tmp.dir}`);
    const branch = writeSoakBranch(tmp.dir, { cameras: opts.cameras, kiosks: opts.kiosks, staff: opts.staff, tablets: opts.tablets });
    const profileDir = path.join(tmp.dir, 'profile');
    const started = await startBranch(opts.broker, tmp.dir, branch, adminToken, opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=500'] : []);
    ({ hub, mosquitto } = started);
    const api = new Api(`${hub.httpUrl}/api/v1`, latencies);
    out(`hub pid ${hub.pid} at ${hub.httpUrl}, MQTT ${started.mqttUrl}${mosquitto ? ` (mosquitto pid ${mosquitto.pid})` : ''}; public rate limits off (all clients are 127.0.0.1)`);

    const rules = (await api.call<any>('rules', 'GET', '/rules', { token: adminToken })).body;
    const help = new HelpTracker({ cooldownS: { 'help-request': rules.distress['help-request'].cooldownS, fall: rules.distress.fall.cooldownS }, latencies });
    fleet = new EdgeFleet({ url: started.mqttUrl, branchId: branch.branchId, latencies });
    await fleet.connect(started.edges);
    for (const { sourceId } of branch.cameras) fleet.publishStatus(sourceId);
    const edgeFleet = fleet;
    kiosks = new KioskLoad({
      api, httpUrl: hub.httpUrl, fleet, scheduler, random, rates, branch: { timezone: branch.timezone, kioskZone: KIOSK_ZONE },
      edgeOf: (kioskId) => branch.cameras[(branch.kioskIds.indexOf(kioskId)) % branch.cameras.length]!.sourceId,
    });
    const floorZones = branch.cameras.map((camera) => camera.zoneId);
    staff = new StaffLoad({ api, httpUrl: hub.httpUrl, scheduler, random, rates, help, kiosks, floorZones, onZone: (zone) => edgeFleet.zonePushed(zone.zoneId, zone.updatedAt) });
    await staff.start({
      staff: branch.staffIds.map((staffId) => ({ staffId, password: STAFF_PASSWORD })),
      tablets: branch.floorUsers.map((username) => ({ username, password: FLOOR_PASSWORD })),
      counterIds: branch.counterIds,
    });
    await fleet.settle(SETTLE_STALL_MS);
    out(`ready: ${branch.cameras.length} edge nodes, ${branch.kioskIds.length} kiosks, ${branch.staffIds.length} staff phones (${Math.min(branch.counterIds.length, branch.staffIds.length)} at counters), ${branch.floorUsers.length} floor tablets, 1 display`);

    // The load.
    monitor = new Monitor({ hubPid: hub.pid, brokerPid: mosquitto?.pid ?? null, httpUrl: hub.httpUrl, adminToken });
    monitor.start();
    const benchLoop = monitorEventLoopDelay({ resolution: 10 });
    const rssStart = monitor.rssNow();
    const heapStart = (await monitor.sampleMetrics())?.heapMb ?? Number.NaN;
    const cameras = startCameras({ cameras: branch.cameras, signZones: floorZones.filter((zoneId) => zoneId !== KIOSK_ZONE), rates, fleet, help, scheduler, random });
    kiosks.start(branch.kioskIds);
    out(`load for ${fmt(opts.minutes, 1)} min (first ${fmt(warmupS)} s warm-up, not measured):`);
    const progress = setInterval(() => {
      const m = monitor!.metrics.at(-1);
      out(`  [${fmt(monitor!.now() / 60, 1).padStart(4)} min] events ${fmt(edgeFleet.sent.size)} sent / ${fmt(edgeFleet.acked.size)} acked, API ${fmt(api.requests)} requests, hub RSS ${fmt(monitor!.rssNow())} MB, heap ${fmt(m?.heapMb ?? NaN)} MB, loop stall p99 ${fmt((m?.lagP99Ms ?? NaN) - 10, 1)} ms`);
    }, Math.min(60_000, Math.max(10_000, durationS * 100)));
    await sleep(warmupS * 1000);
    const retainedWarm = await monitor.retainedHeap();
    latencies.recording = true;
    benchLoop.enable();
    const measuredFrom = { t: monitor.now(), cpu: monitor.cpuMark(), metrics: await monitor.sampleMetrics(), requests: api.requests, sent: fleet.sent.size, rss: monitor.rssNow() };
    await sleep((durationS - warmupS) * 1000);
    const loadEnd = { t: monitor.now(), cpu: monitor.cpuMark(), metrics: await monitor.sampleMetrics(), requests: api.requests, sent: fleet.sent.size, rss: monitor.rssNow() };
    clearInterval(progress);

    // Drain: no new work, the people finish what they started, every event acknowledged and stored.
    out('load stopped; draining');
    await scheduler.stop();
    await staff.stop();
    kiosks.closePhones();
    await fleet.settle(SETTLE_STALL_MS);
    const dbFile = path.join(tmp.dir, 'hub', 'touchpoint.db');
    await waitForStored(dbFile, fleet.acked, SETTLE_STALL_MS);
    const graceUntil = performance.now() + PUSH_GRACE_MS;
    while (performance.now() < graceUntil && (fleet.pushesMissing() > 0 || help.report().noOffer + help.report().noAlert > 0)) await sleep(100);
    latencies.recording = false;
    benchLoop.disable();
    const drained = { t: monitor.now(), metrics: await monitor.sampleMetrics(), rss: monitor.rssNow() };
    const retainedDrained = await monitor.retainedHeap();
    monitor.stop();
    const database = checkDatabase(dbFile, { events: fleet.sent, wills: fleet.willIds, tickets: new Set(kiosks.tickets.keys()), feedback: kiosks.feedbackIds });
    const waiting = (await api.call<Array<{ waiting: number }>>('services', 'GET', '/queue/services')).body.reduce((sum, s) => sum + s.waiting, 0);

    // Everything is measured: stop the branch (the hub writes its CPU profile as it exits).
    await fleet.stop();
    await hub.stop();
    await mosquitto?.stop();
    const profile = opts.profile ? hubProfile(profileDir) : null;

    const run: SoakRun = {
      opts, rates, warmupS, durationS, latencies, api, fleet, help, cameras, kiosks, staff, monitor, database, waiting, hubLogs: hub.logs,
      marks: { rssStart, heapStart, measuredFrom, loadEnd, drained, retainedWarm, retainedDrained },
      benchLoop: { p99Ms: benchLoop.percentile(99) / 1e6, maxMs: benchLoop.max / 1e6 },
      schedulerFailures: { count: scheduler.failures, first: scheduler.firstFailure },
      profile,
    };
    return printReport(run, out);
  } finally {
    monitor?.stop();
    await scheduler.stop();
    kiosks?.closePhones();
    await staff?.stop().catch(() => undefined);
    await fleet?.stop();
    await hub?.stop();
    await mosquitto?.stop();
    tmp.remove();
  }
}
