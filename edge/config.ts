/**
 * One configuration file per edge node: its branch and id, the broker and its credentials, the
 * cameras with their sources, zones, privacy masks and thresholds, and the kiosks whose telemetry
 * it analyses. Validated once at start, every problem reported at once with its path in the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isId } from '../protocol/topics.ts';

const id = z.string().refine(isId, 'use lower-case letters, digits and dashes (max 63)');
const point = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
export const polygonSchema = z.array(point).min(3, 'a polygon needs at least 3 points').max(64);
const seconds = z.number().positive();

export const zoneSchema = z.strictObject({
  id: id.describe('the zone id configured on the hub'),
  polygon: polygonSchema.describe('normalised [x, y] corners; a person is in the zone when their foot point is'),
  queue: z.boolean().default(false).describe('publish tp.queue.observed for this zone'),
  longWaitS: seconds.optional().describe('a track dwelling longer than this raises long-wait'),
  expressions: z.boolean().default(false).describe('analyse facial expressions here (customer zones only; off by default)'),
});

export const cameraSchema = z.strictObject({
  id,
  source: z.string().min(1).describe('video file, rtsp:// or http(s):// URL, or /dev/videoN'),
  fps: z.number().positive().max(30).default(5).describe('analysis frames per second'),
  width: z.number().int().min(64).max(3840).default(640),
  height: z.number().int().min(48).max(2160).default(480),
  loop: z.boolean().default(false).describe('files only: start again at the end (demos)'),
  zones: z.array(zoneSchema).min(1),
  masks: z.array(polygonSchema).default([]).describe('staff-only areas: blanked before any analysis'),
});

export const kioskSchema = z.strictObject({
  id: id.describe('the kiosk id on the hub; its page posts to /kiosk/v1/{id}/interactions'),
  zoneId: id.describe('the zone the kiosk stands in, as configured on the hub'),
});

/** An origin is what a browser sends in `Origin`: scheme, host and port, nothing after. */
const origin = z.string().regex(/^(\*|https?:\/\/[^/\s]+)$/, 'an origin such as http://hub.branch.lan:8080 (no path), or *');

export const edgeConfigSchema = z.strictObject({
  branchId: id,
  nodeId: id.describe('this node’s source id in topics: tp/v1/{branchId}/edge/{nodeId}/...'),
  broker: z.strictObject({
    url: z.string().regex(/^(mqtts?|wss?):\/\//, 'mqtt://, mqtts://, ws:// or wss:// URL'),
    username: z.string().min(1),
    password: z.string().min(1).optional().describe('or set TP_EDGE_PASSWORD'),
    ca: z.string().min(1).optional().describe("PEM file of the CA that signed the broker's certificate (mqtts://, wss://), e.g. the branch's own; the system's CAs otherwise"),
    keepaliveS: z.number().int().min(1).max(3600).default(15).describe('MQTT keepalive: a dead link is noticed within about this long, and the broker sends the last will after 1.5 × this'),
    reconnectMaxS: seconds.max(3600).default(30).describe('longest wait between reconnection attempts while the broker is unreachable (back-off doubles up to it)'),
  }),
  dataDir: z.string().default('./data/edge').describe('where the outbox lives (events only, never images)'),
  detection: z.strictObject({
    workers: z.number().int().min(1).max(16).default(2),
    minPersonScore: z.number().min(0.05).max(0.95).default(0.33).describe('CenterNet score to count a person (tuned with npm run eval)'),
    weakPersonScore: z.number().min(0.05).max(0.95).default(0.1).describe('a weaker detection may keep following a person who may be falling (seen lying, people score low), never start a new one'),
    expressions: z.boolean().default(false).describe('branch-wide switch; zones must also opt in'),
    poses: z.boolean().default(true).describe('estimate the pose (MoveNet Lightning) of people who may be falling, to tell a fall from sitting, kneeling or bending'),
    refreshS: seconds.default(5).describe('detect at least this often even when nothing moves'),
    countWindowMs: z.number().int().min(0).max(10_000).default(400).describe('live zone counts are the mean over this long, to steady detector flicker (0: raw per-frame counts)'),
  }).prefault({}),
  queue: z.strictObject({
    windowS: seconds.default(10).describe('count smoothing window'),
    publishEveryS: seconds.default(30).describe('publish at least this often even without change'),
    serviceTimeS: seconds.default(180).describe('prior service time per person, until departures are seen'),
  }).prefault({}),
  distress: z.strictObject({
    cooldownS: seconds.default(120).describe('one episode is one event: quiet time per track and kind'),
    negativeAffect: z.strictObject({
      windowS: seconds.default(8),
      minScore: z.number().min(0).max(1).default(0.6),
      minShare: z.number().min(0).max(1).default(0.7).describe('share of the window the face looked negative'),
      minFacePx: z.number().int().min(16).max(512).default(48).describe("a face box smaller than this (its shorter side, pixels) is not assessable: counted in the node's status, never scored (the expression model guesses under about 40 px)"),
    }).prefault({}),
    fall: z.strictObject({
      minAspect: z.number().min(1).default(1.3).describe('box width ÷ height (pixels) of a person lying, when their standing height and pose are not known'),
      minDurationS: seconds.default(1).describe('down this long after a quick transition from upright: a fall (high)'),
      maxTransitionS: seconds.default(3).describe('the upright moment must come at most this long before going down'),
      unseenDownS: seconds.default(5).describe('a person only ever seen down (no transition) is raised after this long (medium)'),
      escalateAfterS: seconds.default(20).describe('still down this long after a medium fall: raised again as high'),
      minBottom: z.number().min(0).max(1).default(0.45).describe('box bottom at least this low in the frame'),
    }).prefault({}),
  }).prefault({}),
  cameras: z.array(cameraSchema).default([]),
  kiosks: z.array(kioskSchema).max(64).default([]).describe('kiosks whose interaction telemetry this node analyses; none = no telemetry server'),
  kioskTelemetry: z.strictObject({
    host: z.string().min(1).default('0.0.0.0').describe('address the telemetry server listens on (the kiosks must reach it)'),
    port: z.number().int().min(0).max(65535).default(8791).describe('0 = any free port'),
    allowedOrigins: z.array(origin).min(1).default(['*']).describe('pages that may post (CORS); the telemetry carries no secrets'),
  }).prefault({}),
  kioskAnalysis: z.strictObject({
    sessionIdleS: seconds.default(180).describe('a session with no interaction for this long ends as timeout'),
    friction: z.strictObject({
      backs: z.number().int().min(2).default(3).describe('back presses between the same screens within backWindowS'),
      backWindowS: seconds.default(30),
      sameError: z.number().int().min(2).default(3).describe('the same error code this many times in a session'),
      noProgressS: seconds.default(60).describe('no new screen for this long (keep it above the kiosk’s idleWarnS)'),
      cooldownS: seconds.default(120).describe('after a friction or help request, the kiosk raises no friction for this long'),
    }).prefault({}),
  }).prefault({}),
}).superRefine((config, ctx) => {
  if (config.cameras.length === 0 && config.kiosks.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['cameras'], message: 'an edge node needs at least one camera or one kiosk' });
  }
  const kioskIds = new Set<string>();
  for (const [index, kiosk] of config.kiosks.entries()) {
    if (kioskIds.has(kiosk.id)) ctx.addIssue({ code: 'custom', path: ['kiosks', index, 'id'], message: `kiosk id ${kiosk.id} is used twice` });
    kioskIds.add(kiosk.id);
  }
  const cameraIds = new Set<string>();
  for (const [index, camera] of config.cameras.entries()) {
    if (cameraIds.has(camera.id)) ctx.addIssue({ code: 'custom', path: ['cameras', index, 'id'], message: `camera id ${camera.id} is used twice` });
    cameraIds.add(camera.id);
  }
});

export type EdgeConfig = z.infer<typeof edgeConfigSchema>;
export type CameraConfig = EdgeConfig['cameras'][number];
export type ZoneConfig = CameraConfig['zones'][number];
export type KioskConfig = EdgeConfig['kiosks'][number];

export function parseEdgeConfig(json: unknown, env: NodeJS.ProcessEnv = process.env): EdgeConfig {
  const result = edgeConfigSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`invalid edge config:\n${lines.join('\n')}`);
  }
  const config = result.data;
  const password = config.broker.password ?? env.TP_EDGE_PASSWORD;
  if (!password) throw new Error('invalid edge config:\n  broker.password: missing (or set TP_EDGE_PASSWORD)');
  return { ...config, broker: { ...config.broker, password } };
}

/** Reads a config file; relative video paths are taken from the file's folder. */
export function loadEdgeConfig(file: string, env: NodeJS.ProcessEnv = process.env): EdgeConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read edge config ${file}: ${(error as Error).message}`);
  }
  const config = parseEdgeConfig(json, env);
  const base = path.dirname(path.resolve(file));
  const isUrlOrDevice = (source: string) => /^[a-z]+:\/\//i.test(source) || source.startsWith('/dev/');
  return {
    ...config,
    cameras: config.cameras.map((camera) => ({ ...camera, source: isUrlOrDevice(camera.source) ? camera.source : path.resolve(base, camera.source) })),
  };
}
