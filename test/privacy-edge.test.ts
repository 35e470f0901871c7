/**
 * No image data leaves an edge node or touches a disk. Real edge nodes (`edge/main.ts`, as a
 * process, under strace) analyse the sample clip (real ffmpeg, real models in a worker thread) and
 * publish to a real Mosquitto that a real hub (external-broker mode) ingests from, while a
 * subscriber records every message on `#`:
 *
 *  1. the demo node's configuration (edge/samples/demo-edge.json: the `teller-line` queue zone,
 *     expression analysis off) — and its process never even opens a face or expression model file;
 *  2. expression analysis on in the `lobby` customer zone (the hub announces it there), with the
 *     negative-affect thresholds at zero so every face seen counts: the face and expression models
 *     are read (the probe sees model files), a negative-affect event goes out — and it, like every
 *     event, carries a zone, a kind, scores and a duration, nothing else.
 *
 * For each run: every file the process opened to write and every byte it wrote to a file (strace),
 * the files it left (its data dir, its own temp dir and working dir), its outbox row by row, every
 * MQTT message (each also valid against its protocol schema), and at the end the hub's database —
 * none holds an image, raw pixels, a base64 blob or a descriptor-sized array of numbers
 * (test/helpers/image-data.ts, itself tested on real images and frames).
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EDGE_PAYLOAD_BYTES } from '../edge/pipeline/publish.ts';
import { decodeMessage } from '../protocol/envelope.ts';
import { findImageData } from './helpers/image-data.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { startMosquitto, type MosquittoBroker } from './helpers/mosquitto.ts';
import { opensForWriting, readTrace, spawnTraced, type FileActivity } from './helpers/strace.ts';
import { tempDir } from './helpers/temp-dir.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const LOBBY = path.join(REPO, 'edge/samples/lobby.mp4');
const DEMO_EDGE = JSON.parse(readFileSync(path.join(REPO, 'edge/samples/demo-edge.json'), 'utf8'));
const LEFT_HALF = [[0, 0], [0.5, 0], [0.5, 1], [0, 1]];
const RIGHT_HALF = [[0.5, 0], [1, 0], [1, 1], [0.5, 1]];

interface Recorded { topic: string; payload: Buffer; retain: boolean }

let broker: MosquittoBroker;
let hub: TestHub;
let recorder: MqttClient;
const recorded: Recorded[] = [];
const work = tempDir('tp-privacy-edge-');
/** Edge node processes still running (a test that timed out leaves its node): ended in afterAll. */
const running = new Set<number>();

beforeAll(async () => {
  broker = await startMosquitto();
  const branch = JSON.parse(readFileSync(path.join(REPO, 'hub/branch/demo-branch.json'), 'utf8'));
  // The branch announces expression analysis in its lobby (and only there).
  branch.zones = branch.zones.map((zone: { id: string }) => (zone.id === 'lobby' ? { ...zone, expressions: true } : zone));
  const branchFile = path.join(work.path, 'branch.json');
  writeFileSync(branchFile, JSON.stringify(branch));
  hub = await startTestHub({ MQTT_URL: broker.url, TP_BRANCH_CONFIG: branchFile });
  recorder = mqtt.connect(broker.url, { clientId: 'privacy-recorder', clean: true });
  recorder.on('message', (topic, payload, packet) => recorded.push({ topic, payload: Buffer.from(payload), retain: packet.retain }));
  await recorder.subscribeAsync('#', { qos: 1 });
}, 60_000);
afterAll(async () => {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await recorder?.endAsync();
  await hub?.close();
  await broker?.stop();
  work.remove();
});

interface EdgeRun {
  nodeId: string;
  dataDir: string;
  tmpDir: string;
  cwd: string;
  activity: FileActivity;
  logs: Record<string, unknown>[];
  messages: Recorded[];
}

const eventsOf = (nodeId: string, type: string) =>
  recorded.filter((message) => message.topic.startsWith(`tp/v1/b001/edge/${nodeId}/`)).map((message) => JSON.parse(message.payload.toString('utf8'))).filter((event) => event.type === type);

/**
 * Runs an edge node as its own process under strace until `done()` (or the clip ends), then stops it
 * as an operator would (SIGTERM) and reads what it did.
 */
async function runEdgeNode(nodeId: string, config: Record<string, unknown>, done: () => boolean, timeoutMs: number): Promise<EdgeRun> {
  const root = path.join(work.path, nodeId);
  const run = { dataDir: path.join(root, 'data'), tmpDir: path.join(root, 'tmp'), cwd: path.join(root, 'cwd') };
  for (const dir of [run.tmpDir, run.cwd]) mkdirSync(dir, { recursive: true });
  const configFile = path.join(root, 'edge.json');
  writeFileSync(configFile, JSON.stringify({ branchId: 'b001', nodeId, broker: { url: broker.url, username: `b001.edge.${nodeId}` }, dataDir: run.dataDir, ...config }));
  const traceFile = path.join(root, 'trace.txt');
  const child: ChildProcess = spawnTraced(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(REPO, 'edge/main.ts'), '--config', configFile], {
    traceFile,
    cwd: run.cwd,
    // Its own temp dir (ffmpeg's and Node's), and tsx compiles in memory: a cache is not the node's data.
    env: { PATH: process.env.PATH, HOME: run.cwd, TMPDIR: run.tmpDir, TSX_DISABLE_CACHE: '1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', TP_EDGE_PASSWORD: 'unused-by-an-open-broker' },
  });
  const logs: Record<string, unknown>[] = [];
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (let end = stdout.indexOf('\n'); end >= 0; end = stdout.indexOf('\n')) {
      const line = stdout.slice(0, end);
      stdout = stdout.slice(end + 1);
      if (line.startsWith('{')) logs.push(JSON.parse(line));
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The node is the trace's first process (strace's child); strace ends when it does.
  let nodePid = 0;
  const findNode = () => {
    nodePid ||= existsSync(traceFile) ? Number(/^(\d+) /.exec(readFileSync(traceFile, 'latin1'))?.[1] ?? 0) : 0;
    if (nodePid) running.add(nodePid);
  };
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    findNode();
  }
  findNode();
  if (child.exitCode === null && nodePid > 0) process.kill(nodePid, 'SIGTERM');
  const code = await exited;
  running.delete(nodePid);
  expect(code, `edge node ${nodeId} exited badly:\n${stderr}\n${logs.map((log) => JSON.stringify(log)).join('\n')}`).toBe(0);
  expect(logs.filter((log) => Number(log.level) >= 40 && log.state !== 'offline'), 'warnings of the edge node').toEqual([]);
  return { nodeId, ...run, activity: readTrace(traceFile), logs, messages: recorded.filter((message) => message.topic.includes(`/edge/${nodeId}/`)) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file)).filter((file) => statSync(file).isFile());
}

const OUTBOX_FILE = /\/outbox\.db(-wal|-shm|-journal)?$/;

/** What every run must show: its writes, its files, its outbox and its messages hold no image data. */
function expectNoImageData(run: EdgeRun): void {
  const { activity, dataDir } = run;
  const allowed = (file: string) => file.startsWith(`${dataDir}/`) && OUTBOX_FILE.test(file);
  // 1. Files written or opened to write: the outbox, and nothing else but /dev/null.
  expect(activity.written.size, 'the run wrote to no file at all: the trace saw nothing').toBeGreaterThan(0);
  expect([...activity.written.keys()].filter((file) => !allowed(file)), 'files written').toEqual([]);
  expect(opensForWriting(activity).filter((file) => !allowed(file) && file !== '/dev/null'), 'files opened to write').toEqual([]);
  const changed = activity.changed.flatMap(({ call, paths }) => paths.map((file) => `${call} ${file}`));
  expect(changed.filter((change) => !allowed(change.split(' ')[1]!) && !/^mkdir /.test(change)), 'files created, moved or removed').toEqual([]);
  expect(changed.filter((change) => /^mkdir /.test(change) && !`${dataDir}/`.startsWith(`${change.split(' ')[1]}/`)), 'folders made').toEqual([]);
  // 2. Every byte written, whole (no write was longer than the trace keeps).
  expect(activity.clipped, 'writes longer than the trace keeps').toEqual([]);
  for (const [file, chunks] of activity.written) expect(findImageData(Buffer.concat(chunks)), `bytes written to ${file}`).toEqual([]);
  // 3. The files it left: the outbox only; its temp and working dirs stay empty.
  expect(filesUnder(run.tmpDir).concat(filesUnder(run.cwd))).toEqual([]);
  const files = filesUnder(dataDir);
  expect(files.filter((file) => !allowed(file))).toEqual([]);
  for (const file of files) expect(findImageData(readFileSync(file)), file).toEqual([]);
  // 4. The outbox row by row: text and numbers, every payload a valid event.
  const outbox = new Database(path.join(dataDir, 'outbox.db'), { readonly: true });
  try {
    for (const { name } of outbox.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) {
      for (const row of outbox.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
        for (const value of Object.values(row)) expect(Buffer.isBuffer(value), `a blob in outbox table ${name}`).toBe(false);
        if (name === 'outbox') expect(decodeMessage(String(row.topic), Buffer.from(String(row.payload)))).toMatchObject({ ok: true });
      }
    }
  } finally {
    outbox.close();
  }
  // 5. Every message it published: a valid event of the contract, small, of short fields only.
  expect(run.messages.length).toBeGreaterThan(0);
  for (const message of run.messages) {
    const what = `${message.topic} ${message.payload.toString('utf8').slice(0, 300)}`;
    const decoded = decodeMessage(message.topic, message.payload);
    expect(decoded, what).toMatchObject({ ok: true });
    expect(message.payload.byteLength, what).toBeLessThanOrEqual(MAX_EDGE_PAYLOAD_BYTES);
    expect(findImageData(message.payload, { binary: false }), what).toEqual([]);
    expect(longLeaves(JSON.parse(message.payload.toString('utf8')).data), what).toEqual([]);
  }
}

/** Strings longer than an id or a camera error, arrays longer than a list of cameras. */
function longLeaves(value: unknown, at = 'data'): string[] {
  if (typeof value === 'string') return value.length > 128 ? [`${at}: ${value.length} characters`] : [];
  if (Array.isArray(value)) return value.length > 64 ? [`${at}: ${value.length} items`] : value.flatMap((item, i) => longLeaves(item, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => longLeaves(item, `${at}.${key}`));
  return [];
}

/** The model files a run opened (face-api's weights, CenterNet's, MoveNet's). */
function modelFilesOpened(run: EdgeRun): string[] {
  return [...new Set(run.activity.opened.map((open) => open.path).filter((file) => /\/@vladmandic\/(face-api|human)\/(model|models|dist)\//.test(file)).map((file) => path.basename(file)))].sort();
}

describe('an edge node on the sample clip', () => {
  let demo: EdgeRun;
  let expressions: EdgeRun;

  it('with the demo configuration: nothing image-like is written or sent, and no face model file is ever opened', { timeout: 90_000 }, async () => {
    const camera = { ...DEMO_EDGE.cameras[0], source: LOBBY, loop: false };
    demo = await runEdgeNode('cam-demo', { detection: DEMO_EDGE.detection, queue: { ...DEMO_EDGE.queue, windowS: 2, publishEveryS: 5 }, cameras: [camera] },
      () => eventsOf('cam-demo', 'tp.queue.observed').length >= 2, 60_000);
    expect(eventsOf('cam-demo', 'tp.queue.observed').length).toBeGreaterThanOrEqual(2);
    expectNoImageData(demo);
    expect(demo.logs.find((log) => log.msg === 'detectors ready')).toMatchObject({ expressions: false, models: ['centernet', 'movenet-lightning'] });
    expect(modelFilesOpened(demo)).toEqual(['centernet.bin', 'centernet.json', 'movenet-lightning.bin', 'movenet-lightning.json']);
  });

  it('with expression analysis on in the lobby: the expression model is read, and events still carry only zones, kinds, scores and durations', { timeout: 120_000 }, async () => {
    expressions = await runEdgeNode('cam-expressions', {
      detection: { workers: 1, expressions: true, refreshS: 0.4 },
      queue: { windowS: 2, publishEveryS: 5 },
      // Every face seen counts as negative: the shortest path to an expression-based event.
      distress: { negativeAffect: { windowS: 3, minScore: 0, minShare: 0 } },
      cameras: [{
        id: 'cam-expressions', source: LOBBY, fps: 2, width: 640, height: 480,
        // Side by side: the distress analyser places a person in one zone (their first), so zones must not overlap.
        zones: [{ id: 'teller-line', polygon: LEFT_HALF, queue: true }, { id: 'lobby', polygon: RIGHT_HALF, expressions: true }],
        masks: [[[0.8, 0], [1, 0], [1, 0.25], [0.8, 0.25]]],
      }],
    }, () => eventsOf('cam-expressions', 'tp.distress.detected').length >= 1 && eventsOf('cam-expressions', 'tp.queue.observed').length >= 2, 90_000);
    const [affect] = eventsOf('cam-expressions', 'tp.distress.detected');
    expect(affect?.data).toEqual({ zoneId: 'lobby', kind: 'negative-affect', severity: expect.any(String), confidence: expect.any(Number), durationS: expect.any(Number) });
    expectNoImageData(expressions);
    expect(expressions.logs.find((log) => log.msg === 'detectors ready')).toMatchObject({ expressions: true, models: ['centernet', 'tiny-face-detector', 'face-expression', 'movenet-lightning'] });
    // The probe does see model files read: here face-api's library and both nets.
    expect(modelFilesOpened(expressions)).toEqual(expect.arrayContaining([
      'face-api.node-wasm.js', 'face_expression_model-weights_manifest.json', 'face_expression_model.bin', 'tiny_face_detector_model.bin',
    ]));
  });

  it('the hub stored their events — the negative affect too, in the zone that announces it — and its database holds no image data', async () => {
    const stored = await hub.db.event.findMany({ where: { sourceId: { in: ['cam-demo', 'cam-expressions'] } } });
    expect(stored.filter((event) => event.type === 'tp.queue.observed').length).toBeGreaterThanOrEqual(4);
    expect(stored.filter((event) => event.type === 'tp.distress.detected').map((event) => event.zoneId)).toEqual(['lobby']);
    expect(await hub.db.deadLetter.count()).toBe(0);
    // Everything else on the stream (the hub's own summaries, retained statuses) is the contract's too.
    for (const message of recorded) expect(decodeMessage(message.topic, message.payload), message.topic).toMatchObject({ ok: true });
    expect(recorded.every((message) => findImageData(message.payload, { binary: false }).length === 0)).toBe(true);

    const files = readdirSync(hub.dataDir).filter((file) => file.startsWith('touchpoint.db')).map((file) => path.join(hub.dataDir, file));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(findImageData(readFileSync(file)), file).toEqual([]);
    for (const table of ['Event', 'DeadLetter', 'ExperienceHour', 'Alert', 'AlertStep']) {
      const rows = await hub.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
      for (const row of rows) for (const value of Object.values(row)) expect(value instanceof Uint8Array, `a blob in ${table}`).toBe(false);
    }
  });
});
