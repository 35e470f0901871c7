/**
 * `npm run bench -- hub`: how close the hub's ingest comes to what the machine can do.
 *
 *   1. raw limit   better-sqlite3 alone, WAL + synchronous=NORMAL, 500 rows per transaction,
 *                  into the real Event table (the hub's migrations applied to a temp file);
 *                  plus two steps towards the hub: its batch SQL through better-sqlite3, and its
 *                  BatchWriter through Prisma (no MQTT), so the losses can be located.
 *   2. ingest      the real hub in-process, one mqtt.js publisher, QoS 1, a window of 200 in
 *                  flight; PUBACK comes after commit, so acked/s = committed events/s.
 *   3. latency     same hub, publish at a fixed rate, time each publish to its socket.io `zone` push.
 *
 * Aims (from the issue) are printed beside the measurements; missing one never fails the run.
 * Losing an event does: exit code 1.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import mqtt from 'mqtt';
import { io } from 'socket.io-client';
import { createEvent } from '../protocol/envelope.ts';
import { uuidv7 } from '../protocol/ids.ts';
import { buildTopic } from '../protocol/topics.ts';
import { loadHubConfig } from '../hub/config.ts';
import { openDatabase } from '../hub/db/database.ts';
import { applyMigrations } from '../hub/db/migrate.ts';
import { startHub, type RunningHub } from '../hub/hub.ts';
import { BatchWriter, sqliteTime, type EventRow } from '../hub/ingest/batch-writer.ts';
import { createLogger } from '../hub/logger.ts';
import { fmt, numericFlags, percentile, round, sleep, takeSwitch, tempDir } from './lib.ts';
import { startProfile, summarise, type ProfileSummary } from './profile.ts';
import type { PublisherJob, PublisherReport } from './publisher-worker.ts';
import { publishWindowed, type WindowedResult } from './windowed-publish.ts';

const AIMS = { eventsPerS: 10_000, p99Ms: 50, atRate: 1_000 } as const;
const BRANCH = 'b001';
const ZONE = 'teller-line';
const SOURCE_ID = 'bench-edge';
const TOPIC = buildTopic({ branchId: BRANCH, sourceKind: 'edge', sourceId: SOURCE_ID, eventKind: 'queue' });
const BATCH = 500;
const STALL_MS = 30_000;
const PUSH_GRACE_MS = 10_000;

const DEFAULTS = { events: 50_000, window: 200, rate: AIMS.atRate, seconds: 10, rawRows: 100_000 };

const out = (line = '') => process.stdout.write(line + '\n');

// ---------------------------------------------------------------------------------------------
// 1. raw limit

const EVENT_COLUMNS = '"id","branchId","sourceKind","sourceId","type","zoneId","time","receivedAt","data"';

/**
 * Rows as the hub writes them: same columns, same text forms, a realistic data object. Ids are
 * time-ordered UUIDv7s as `createEvent` makes them, unless `random` (v4, as another client might send).
 */
function eventRows(n: number, random = false): EventRow[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    id: random ? randomUUID() : uuidv7(now + i),
    branchId: BRANCH,
    sourceKind: 'edge',
    sourceId: SOURCE_ID,
    type: 'tp.queue.observed',
    zoneId: ZONE,
    time: new Date(now + i),
    receivedAt: new Date(now + i),
    data: JSON.stringify({ zoneId: ZONE, count: i % 40, waitEstimateS: (i % 40) * 45, confidence: 0.9, windowS: 5 }),
  }));
}

const rowParams = (r: EventRow) => [r.id, r.branchId, r.sourceKind, r.sourceId, r.type, r.zoneId, sqliteTime(r.time), sqliteTime(r.receivedAt), r.data];

function openRaw(file: string): Database.Database {
  applyMigrations(file); // the real schema, indexes included
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

/** The limit: one prepared single-row INSERT, 500 executions per transaction. */
function rawPrepared(file: string, rows: EventRow[]): number {
  const db = openRaw(file);
  const params = rows.map(rowParams);
  const insert = db.prepare(`INSERT INTO "Event" (${EVENT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)`);
  const batch = db.transaction((chunk: unknown[][]) => {
    for (const p of chunk) insert.run(p);
  });
  const started = performance.now();
  for (let i = 0; i < params.length; i += BATCH) batch(params.slice(i, i + BATCH));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows.length / seconds;
}

/** The batch writer's statement (multi-row VALUES, ON CONFLICT DO NOTHING RETURNING), prepared per batch as Prisma's adapter does. */
function rawHubSql(file: string, rows: EventRow[]): number {
  const db = openRaw(file);
  const started = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    db.prepare('BEGIN').run();
    db.prepare(
      `INSERT INTO "Event" (${EVENT_COLUMNS}) VALUES ${chunk.map(() => '(?,?,?,?,?,?,?,?,?)').join(',')}
       ON CONFLICT("id") DO NOTHING RETURNING "id"`,
    ).raw().all(chunk.flatMap(rowParams));
    db.prepare('COMMIT').run();
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows.length / seconds;
}

/** The hub's own BatchWriter on its own Prisma client, everything queued at once: ingest minus MQTT and decoding. */
async function prismaWriter(dataDir: string, rows: EventRow[]): Promise<number> {
  const { db } = await openDatabase({ dataDir, synchronous: 'normal' });
  const writer = new BatchWriter(db, () => {}, BATCH);
  const started = performance.now();
  const outcomes = await Promise.all(rows.map((row) => writer.writeEvent(row)));
  const seconds = (performance.now() - started) / 1000;
  await db.$disconnect();
  const stored = outcomes.filter((o) => o === 'stored').length;
  if (stored !== rows.length) throw new Error(`BatchWriter stored ${stored} of ${rows.length}`);
  return rows.length / seconds;
}

// ---------------------------------------------------------------------------------------------
// 2 + 3. the real hub

/** Mean batch size and count from the hub's Prometheus text. */
async function ingestMetrics(hub: RunningHub): Promise<{ batches: number; batchedEvents: number; latencySum: number; latencyCount: number }> {
  const response = await fetch(`${hub.httpUrl}/metrics`, { headers: { authorization: 'Bearer bench' } });
  const text = await response.text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    batches: value('tp_ingest_batch_size_count'),
    batchedEvents: value('tp_ingest_batch_size_sum'),
    latencySum: value('tp_ingest_latency_seconds_sum'),
    latencyCount: value('tp_ingest_latency_seconds_count'),
  };
}

function metricsDelta(a: Awaited<ReturnType<typeof ingestMetrics>>, b: Awaited<ReturnType<typeof ingestMetrics>>) {
  const batches = b.batches - a.batches;
  const latencyCount = b.latencyCount - a.latencyCount;
  return {
    meanBatch: batches > 0 ? (b.batchedEvents - a.batchedEvents) / batches : Number.NaN,
    meanIngestMs: latencyCount > 0 ? ((b.latencySum - a.latencySum) / latencyCount) * 1000 : Number.NaN,
  };
}

function queuePayload(seq: number, time: Date): Buffer {
  const count = seq % 40;
  const event = createEvent(
    'tp.queue.observed',
    { branchId: BRANCH, sourceKind: 'edge', sourceId: SOURCE_ID },
    { zoneId: ZONE, count, waitEstimateS: count * 45, confidence: 0.9, windowS: 5 },
    { time },
  );
  return Buffer.from(JSON.stringify(event));
}

async function countEvents(hub: RunningHub): Promise<number> {
  return hub.db.event.count({ where: { sourceId: SOURCE_ID, type: 'tp.queue.observed' } });
}

type IngestResult = WindowedResult & { eventsPerS: number; disconnects: number; where: 'inline' | 'thread' };

/** Sustained ingest with the publisher on this thread: it shares the event loop with the hub. */
async function ingestInline(client: mqtt.MqttClient, payloads: Buffer[], window: number): Promise<IngestResult> {
  let disconnects = 0;
  const onClose = () => disconnects++;
  client.on('close', onClose);
  const result = await publishWindowed(client, TOPIC, payloads, window, STALL_MS);
  client.off('close', onClose);
  return { ...result, eventsPerS: result.acked / result.seconds, disconnects, where: 'inline' };
}

/** Sustained ingest with the publisher on a worker thread, as an edge on another machine would be. */
async function ingestThread(hub: RunningHub, credentials: { username: string; password: string }, payloads: Buffer[], window: number): Promise<IngestResult> {
  const ends: number[] = [];
  let end = 0;
  for (const payload of payloads) ends.push((end += payload.byteLength));
  const bytes = new Uint8Array(Buffer.concat(payloads));
  const job: PublisherJob = { url: hub.mqttUrl, ...credentials, topic: TOPIC, window, stallMs: STALL_MS, bytes, ends };
  // tsx's loader is not inherited by workers: register it in the worker, then load the TypeScript file.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL('./publisher-worker.ts', import.meta.url).href)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: job, transferList: [bytes.buffer] });
  const report = await new Promise<PublisherReport>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`publisher thread exited with code ${code} before reporting`)));
  });
  await worker.terminate();
  return { ...report, eventsPerS: report.acked / report.seconds, where: 'thread' };
}

interface LatencyResult {
  rate: number;
  sent: number;
  acked: number;
  received: number;
  achievedRate: number;
  latenciesMs: number[];
}

/** Publishes at a fixed rate and times each event to its `zone` push, matched by event time (= updatedAt). */
async function pushLatency(client: mqtt.MqttClient, hubUrl: string, rate: number, seconds: number): Promise<LatencyResult> {
  const total = Math.round(rate * seconds);
  // Strictly increasing, unique event times (1 ms apart) starting after anything already stored:
  // live state ignores an observation older than the newest one it knows for the zone.
  const base = Date.now() + 1000;
  const payloads: Buffer[] = [];
  const times: string[] = [];
  for (let seq = 0; seq < total; seq++) {
    const time = new Date(base + seq);
    payloads.push(queuePayload(seq, time));
    times.push(time.toISOString());
  }

  const socket = io(`${hubUrl}/floor`, { auth: { token: 'bench' }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket.io: no snapshot within 10 s')), 10_000);
    socket.once('snapshot', () => (clearTimeout(timer), resolve()));
    socket.once('connect_error', (error) => (clearTimeout(timer), reject(error)));
  });

  const sentAt = new Map<string, number>();
  const latenciesMs: number[] = [];
  let lastArrival = performance.now();
  socket.on('zone', (zone: { zoneId: string; updatedAt: string }) => {
    const now = performance.now();
    const at = sentAt.get(zone.updatedAt);
    if (zone.zoneId !== ZONE || at === undefined) return;
    sentAt.delete(zone.updatedAt);
    latenciesMs.push(now - at);
    lastArrival = now;
  });

  let sent = 0;
  let acked = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (sent < due) {
        const seq = sent++;
        sentAt.set(times[seq]!, performance.now());
        client.publish(TOPIC, payloads[seq]!, { qos: 1 }, (error) => {
          if (!error) acked++;
        });
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const publishSeconds = (performance.now() - started) / 1000;

  // Wait for the stragglers: until every push arrived, or nothing has arrived for the grace period.
  lastArrival = Math.max(lastArrival, performance.now());
  while (latenciesMs.length < total && performance.now() - lastArrival < PUSH_GRACE_MS) await sleep(20);
  socket.close();
  return { rate, sent, acked, received: latenciesMs.length, achievedRate: sent / publishSeconds, latenciesMs };
}

function printProfile(summary: ProfileSummary, wallSeconds: number, where: IngestResult['where']): void {
  out(`   CPU profile of this phase, main thread (broker + hub${where === 'inline' ? ' + publisher' : ''}) → ${summary.file}`);
  out(`   main thread busy ≈${fmt(Math.min(100, summary.totalMs / 10 / wallSeconds))}% of ${fmt(wallSeconds, 2)} s; by area (native code counted for its JS caller):`);
  out(`     ${summary.byArea.slice(0, 12).map((a) => `${a.area} ${fmt(a.share * 100)}%`).join(', ')}`);
  out('   top functions by self time:');
  for (const f of summary.byFunction.slice(0, 12)) out(`     ${fmt(f.share * 100, 1).padStart(5)}%  ${f.fn}  [${f.area}]`);
}

// ---------------------------------------------------------------------------------------------

export async function runHubBench(args: string[]): Promise<number> {
  args = [...args];
  const profile = takeSwitch(args, 'profile');
  const publisherThread = takeSwitch(args, 'publisher-thread');
  const opts = numericFlags(args, DEFAULTS);
  const events = Math.round(opts.events);
  const rawRows = Math.round(opts.rawRows);
  const tmp = tempDir('tp-bench-hub-');
  let hub: RunningHub | null = null;
  let publisher: mqtt.MqttClient | null = null;
  try {
    out(`hub bench — ${os.cpus().length} cores, node ${process.version}, temp ${tmp.dir}`);
    out();

    // 1. raw limit
    out(`1. SQLite limit: ${fmt(rawRows)} rows into "Event", WAL, synchronous=NORMAL, ${BATCH} rows per transaction`);
    const rows = eventRows(rawRows);
    const rawPerS = rawPrepared(path.join(tmp.dir, 'raw-prepared.db'), rows);
    out(`   better-sqlite3, prepared single-row INSERT  ${fmt(rawPerS).padStart(9)} rows/s   ← the limit (UUIDv7 ids, as createEvent makes them)`);
    const randomPerS = rawPrepared(path.join(tmp.dir, 'raw-random.db'), eventRows(rawRows, true));
    out(`   same, random v4 ids                         ${fmt(randomPerS).padStart(9)} rows/s   (${fmt(randomPerS / rawPerS, 2)} × limit: what random primary keys cost)`);
    const hubSqlPerS = rawHubSql(path.join(tmp.dir, 'raw-hub-sql.db'), eventRows(rawRows));
    out(`   hub's batch SQL via better-sqlite3          ${fmt(hubSqlPerS).padStart(9)} rows/s   (${fmt(hubSqlPerS / rawPerS, 2)} × limit)`);
    const writerRows = eventRows(Math.min(rawRows, events));
    const writerPerS = await prismaWriter(path.join(tmp.dir, 'writer'), writerRows);
    out(`   hub's BatchWriter via Prisma, no MQTT       ${fmt(writerPerS).padStart(9)} rows/s   (${fmt(writerPerS / rawPerS, 2)} × limit)`);
    out();

    // 2. sustained ingest
    const config = loadHubConfig({ ...process.env, PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: path.join(tmp.dir, 'hub'), TP_ADMIN_TOKEN: 'bench' });
    hub = await startHub(config, createLogger('warn'));
    const credentials = await hub.devices.register({ kind: 'edge', sourceId: SOURCE_ID, name: 'bench publisher' });
    publisher = await mqtt.connectAsync(hub.mqttUrl, { ...credentials, clientId: `bench-${process.pid}`, clean: true, reconnectPeriod: 1000 });

    out(`2. Sustained ingest: ${fmt(events)} tp.queue.observed over MQTT, QoS 1, ${opts.window} in flight (PUBACK after commit),`);
    out(`   publisher ${publisherThread ? 'on a worker thread' : 'on the hub\'s thread (--publisher-thread moves it off)'}`);
    const start = Date.now();
    const payloads = Array.from({ length: events }, (_, seq) => queuePayload(seq, new Date(start + seq - events)));
    const before = await ingestMetrics(hub);
    const stopProfile = profile ? await startProfile() : null;
    const ingest = publisherThread ? await ingestThread(hub, credentials, payloads, opts.window) : await ingestInline(publisher, payloads, opts.window);
    const profileSummary = stopProfile ? summarise(await stopProfile(), path.join(os.tmpdir(), `bench-hub-ingest-${process.pid}.cpuprofile`)) : null;
    const ingestStats = metricsDelta(before, await ingestMetrics(hub));
    await hub.ingest.drain();
    const storedAfterIngest = await countEvents(hub);
    const ingestRatio = ingest.eventsPerS / rawPerS;
    out(`   ${fmt(ingest.acked)} acked in ${fmt(ingest.seconds, 2)} s → ${fmt(ingest.eventsPerS)} events/s`);
    out(`   = ${fmt(ingestRatio, 2)} × SQLite limit, ${fmt(ingest.eventsPerS / writerPerS, 2)} × BatchWriter alone;  aim ≥ ${fmt(AIMS.eventsPerS)} events/s: ${fmt(ingest.eventsPerS / AIMS.eventsPerS, 2)} × aim ${ingest.eventsPerS >= AIMS.eventsPerS ? '(met)' : '(MISSED)'}`);
    out(`   hub: mean ${fmt(ingestStats.meanBatch, 1)} events per transaction, mean ${fmt(ingestStats.meanIngestMs, 1)} ms receive → commit`);
    out(`   Event rows stored: ${fmt(storedAfterIngest)} of ${fmt(events)} ${storedAfterIngest === events ? '✓' : '✗ EVENTS LOST'}`);
    if (ingest.stalled) out(`   ✗ no ack for ${STALL_MS / 1000} s: stopped waiting`);
    if (ingest.errors.length > 0) out(`   ✗ ${ingest.errors.length} publish errors, first: ${ingest.errors[0]}`);
    if (ingest.disconnects > 0) out(`   ✗ publisher disconnected ${ingest.disconnects} time(s)`);
    if (profileSummary) printProfile(profileSummary, ingest.seconds, ingest.where);
    out();

    // 3. latency
    out(`3. Latency publish → socket.io 'zone' push at ${fmt(opts.rate)} events/s for ${opts.seconds} s`);
    const before3 = await ingestMetrics(hub);
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    const latency = await pushLatency(publisher, hub.httpUrl, opts.rate, opts.seconds);
    loopDelay.disable();
    const latencyStats = metricsDelta(before3, await ingestMetrics(hub));
    await hub.ingest.drain();
    const storedTotal = await countEvents(hub);
    const sorted = [...latency.latenciesMs].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const max = sorted.at(-1) ?? Number.NaN;
    const missingPushes = latency.sent - latency.received;
    out(`   sent ${fmt(latency.sent)} (${fmt(latency.achievedRate)}/s achieved), acked ${fmt(latency.acked)}, pushes received ${fmt(latency.received)}${missingPushes ? ` ✗ ${fmt(missingPushes)} MISSING` : ' ✓'}`);
    out(`   p50 ${fmt(p50, 1)} ms   p99 ${fmt(p99, 1)} ms   max ${fmt(max, 1)} ms;  aim p99 ≤ ${AIMS.p99Ms} ms at ${fmt(AIMS.atRate)}/s: ${fmt(p99 / AIMS.p99Ms, 2)} × aim ${p99 <= AIMS.p99Ms ? '(met)' : '(MISSED)'}`);
    out(`   hub: mean ${fmt(latencyStats.meanBatch, 1)} events per transaction, mean ${fmt(latencyStats.meanIngestMs, 2)} ms receive → commit`);
    out(`   event-loop delay (stalls of the one thread everything runs on): p99 ${fmt(loopDelay.percentile(99) / 1e6, 1)} ms, max ${fmt(loopDelay.max / 1e6, 1)} ms`);
    out(`   Event rows stored in total: ${fmt(storedTotal)} of ${fmt(events + latency.sent)} ${storedTotal === events + latency.sent ? '✓' : '✗ EVENTS LOST'}`);
    out();

    const lost = events + latency.sent - storedTotal;
    const failed = lost !== 0 || storedAfterIngest !== events || ingest.acked !== events || missingPushes !== 0;
    out(failed ? '✗ events or pushes were lost (see above): this is a bug' : 'no events lost');
    out(
      JSON.stringify({
        bench: 'hub',
        cores: os.cpus().length,
        raw: { rows: rawRows, rowsPerS: Math.round(rawPerS), randomIdRowsPerS: Math.round(randomPerS), hubSqlRowsPerS: Math.round(hubSqlPerS), batchWriterRowsPerS: Math.round(writerPerS) },
        ingest: {
          events,
          window: opts.window,
          publisher: ingest.where,
          acked: ingest.acked,
          stored: storedAfterIngest,
          seconds: round(ingest.seconds, 2),
          eventsPerS: Math.round(ingest.eventsPerS),
          ratioToRaw: round(ingestRatio, 3),
          meanBatch: round(ingestStats.meanBatch, 1),
          aim: AIMS.eventsPerS,
          ratioToAim: round(ingest.eventsPerS / AIMS.eventsPerS, 2),
        },
        latency: {
          rate: opts.rate,
          seconds: opts.seconds,
          sent: latency.sent,
          acked: latency.acked,
          received: latency.received,
          p50Ms: round(p50, 2),
          p99Ms: round(p99, 2),
          maxMs: round(max, 2),
          loopDelayP99Ms: round(loopDelay.percentile(99) / 1e6, 1),
          loopDelayMaxMs: round(loopDelay.max / 1e6, 1),
          aimP99Ms: AIMS.p99Ms,
          ratioToAim: round(p99 / AIMS.p99Ms, 2),
        },
        lost,
        ok: !failed,
      }),
    );
    return failed ? 1 : 0;
  } finally {
    await publisher?.endAsync().catch(() => {});
    await hub?.stop().catch(() => {});
    tmp.remove();
  }
}
