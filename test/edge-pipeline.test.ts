/**
 * The edge pipeline end to end on the committed sample clips: real decoding (Capture: ffmpeg, pace
 * 'asap', time from the frames), real inference (DetectorPool: one worker thread, CenterNet), and the
 * real motion gate, tracker, zones and analyzers of CameraPipeline, with the defaults of edge/config.ts.
 * Frames stay in memory; nothing is written anywhere.
 *
 *  - lobby.mp4 (lobby.labels.json): people counts per zone, the whole frame and its left half;
 *  - fall.mp4 (fall.labels.json): one person walks, falls and lies on the floor — one fall event;
 *  - everyday.mp4 (everyday.labels.json): walking at two depths, bending over, a queue stepping
 *    forward — people seen throughout, no fall;
 *  - privacy: with the branch's expression switch off the pool holds no face model at all, and a
 *    privacy mask over the person leaves nothing to count and nothing to raise.
 *
 * One pool for the file (models load once), one camera config for every run, like one edge node.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { edgeConfigSchema, type EdgeConfig } from '../edge/config.ts';
import { wantsFaces } from '../edge/node.ts';
import { Capture } from '../edge/pipeline/capture.ts';
import { DetectorPool, type DetectOptions } from '../edge/pipeline/detect.ts';
import type { Box, Detections, Frame } from '../edge/pipeline/types.ts';
import type { Polygon } from '../edge/pipeline/zones.ts';
import { CameraPipeline, runFrames, type FrameResult } from '../edge/run-camera.ts';

const sample = (name: string) => fileURLToPath(new URL(`../edge/samples/${name}`, import.meta.url));
const LOBBY = sample('lobby.mp4');
const FALL = sample('fall.mp4');
const EVERYDAY = sample('everyday.mp4');

interface LobbySegment { startMs: number; endMs: number; photo: string | null; people: number; left: number; right: number; static: boolean }
interface FallLabels {
  durationMs: number;
  floorY: number;
  lyingStartMs: number;
  phases: { startMs: number; endMs: number; posture: 'upright' | 'falling' | 'lying' }[];
  boxes: Record<'uprightStart' | 'uprightEnd' | 'lying', Box>;
}
const lobby = JSON.parse(readFileSync(sample('lobby.labels.json'), 'utf8')) as { segments: LobbySegment[] };
const fall = JSON.parse(readFileSync(sample('fall.labels.json'), 'utf8')) as FallLabels;

/**
 * The one known miss: sample5 (five women on a staircase, overlapping) is counted 2–4, median 2, by
 * CenterNet at the default threshold, and no threshold from 0.25 up brings the median above 3 — see
 * models/cards/centernet.md, "Known limits". Everywhere else the median must be within ±1.
 */
const KNOWN_UNDERCOUNT: Record<string, number> = { 'sample5.jpg': 3 };

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
const clamp = (v: number) => Math.min(1, Math.max(0, v));
/** Everywhere the person of fall.mp4 is while upright or lying (composed boxes), with a margin. */
const FALL_MASK = (() => {
  const boxes = Object.values(fall.boxes);
  const m = 0.05;
  return rect(
    clamp(Math.min(...boxes.map((b) => b.x)) - m), clamp(Math.min(...boxes.map((b) => b.y)) - m),
    clamp(Math.max(...boxes.map((b) => b.x + b.w)) + m), clamp(Math.max(...boxes.map((b) => b.y + b.h)) + m),
  );
})();

// One node: the branch keeps expression analysis off, although the floor zone asks for it.
const config = edgeConfigSchema.parse({
  branchId: 'b-test',
  nodeId: 'edge-test',
  broker: { url: 'mqtt://unused', username: 'unused' },
  detection: { workers: 1, expressions: false },
  cameras: [
    { id: 'lobby', source: LOBBY, fps: 3, zones: [{ id: 'whole', polygon: rect(0, 0, 1, 1) }, { id: 'left', polygon: rect(0, 0, 0.5, 1) }] },
    { id: 'fall', source: FALL, fps: 5, zones: [{ id: 'floor', polygon: rect(0, fall.floorY, 1, 1), expressions: true }] },
    { id: 'everyday', source: EVERYDAY, fps: 5, zones: [{ id: 'floor', polygon: rect(0, fall.floorY, 1, 1) }] },
    { id: 'fall-masked', source: FALL, fps: 5, zones: [{ id: 'floor', polygon: rect(0, fall.floorY, 1, 1), expressions: true }], masks: [FALL_MASK] },
  ],
});
const camera = (id: string) => config.cameras.find((c) => c.id === id)!;

const faces = wantsFaces(config);
const pool = new DetectorPool({
  workers: 1, persons: true, faces, expressions: faces, poses: config.detection.poses, minPersonScore: config.detection.minPersonScore, weakPersonScore: config.detection.weakPersonScore,
});

interface Run {
  results: FrameResult[];
  published: { type: string; data: unknown }[];
  /** What the detector was given and found, per frame it was asked about. */
  calls: { tMs: number; options: DetectOptions | undefined; maskedBytes: number; detections: Detections | null }[];
  warnings: string[];
}

/** Bytes that are not 0 inside an axis-aligned rectangular mask (pixel centres inside it). */
function bytesUnder(frame: Frame, mask: Polygon): number {
  const xs = mask.map(([x]) => x);
  const ys = mask.map(([, y]) => y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)].map((v, i) => Math.round(v * (i < 2 ? frame.width : frame.height)));
  let nonZero = 0;
  for (let row = y0!; row < y1!; row++) for (let i = (row * frame.width + x0!) * 3; i < (row * frame.width + x1!) * 3; i++) if (frame.rgb[i]) nonZero++;
  return nonZero;
}

async function run(cameraId: string, overrides: Partial<Pick<EdgeConfig, 'detection'>> = {}): Promise<Run> {
  const cam = camera(cameraId);
  const out: Run = { results: [], published: [], calls: [], warnings: [] };
  const log = pino({ level: 'warn', base: undefined }, { write: (line: string) => void out.warnings.push(line) });
  const detector = {
    detect(frame: Frame, options?: DetectOptions): Promise<Detections> {
      const call: Run['calls'][number] = { tMs: frame.tMs, options, maskedBytes: cam.masks.reduce((sum, mask) => sum + bytesUnder(frame, mask), 0), detections: null };
      out.calls.push(call);
      return pool.detect(frame, options).then((detections) => (call.detections = detections));
    },
  };
  const pipeline = new CameraPipeline({
    camera: cam, config: { ...config, ...overrides }, detector, depth: 2, log,
    publish: async (type, data) => void out.published.push({ type, data }),
  });
  const capture = new Capture({ cameraId: cam.id, source: cam.source, fps: cam.fps, width: cam.width, height: cam.height, pace: 'asap', log });
  try {
    await runFrames(capture.frames(), pipeline, 2, (result) => out.results.push(result));
  } finally {
    await capture.stop();
  }
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const pixelAspect = (box: Box, cam: { width: number; height: number }) => (box.w * cam.width) / (box.h * cam.height);

beforeAll(async () => {
  await pool.start();
});
afterAll(() => pool.stop());

describe('edge pipeline on lobby.mp4 (labelled people counts)', () => {
  test('counts each labelled segment in the whole frame and in its left half', { timeout: 90_000 }, async () => {
    const { results, warnings } = await run('lobby');
    expect(warnings).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(89); // 30 s at 3 fps
    for (const segment of lobby.segments) {
      const frames = results.filter((r) => r.frame.tMs >= segment.startMs && r.frame.tMs < segment.endMs);
      const whole = frames.map((r) => r.zoneCounts.whole!);
      const left = frames.map((r) => r.zoneCounts.left!);
      const right = frames.map((r) => r.zoneCounts.whole! - r.zoneCounts.left!);
      const what = `${segment.photo ?? 'empty'} ${segment.startMs / 1000}–${segment.endMs / 1000} s: whole ${whole.join(',')} left ${left.join(',')}`;
      expect(frames.length, what).toBeGreaterThanOrEqual(9);
      for (const r of frames) expect(r.zoneCounts.left!, what).toBeLessThanOrEqual(r.zoneCounts.whole!);
      if (segment.static) {
        // Nobody on any frame, including those the motion gate lets through without a detection
        // (they carry the last result: the people of the previous photo must not come back). The
        // frame's own count: the live count still averages the cut from the previous photo.
        expect(frames.every((r) => r.rawZoneCounts.whole === 0), what).toBe(true);
        expect(frames.some((r) => !r.detected), `${what}: the motion gate skipped no frame`).toBe(true);
        continue;
      }
      const under = KNOWN_UNDERCOUNT[segment.photo!] ?? 1;
      expect(median(whole), what).toBeGreaterThanOrEqual(segment.people - under);
      expect(median(whole), what).toBeLessThanOrEqual(segment.people + 1);
      // People near the midline may be on either side: left ∈ [left, people − right], ±1.
      expect(median(left), what).toBeGreaterThanOrEqual(segment.left - 1);
      expect(median(left), what).toBeLessThanOrEqual(segment.people - segment.right + 1);
      expect(median(right), what).toBeGreaterThanOrEqual(segment.right - 1);
      expect(median(right), what).toBeLessThanOrEqual(segment.people - segment.left + 1);
      // Every photo has someone clearly in the right half: the left half counts fewer.
      expect(segment.right).toBeGreaterThan(0);
      expect(left.reduce((a, b) => a + b, 0), what).toBeLessThan(whole.reduce((a, b) => a + b, 0));
    }
  });
});

describe('edge pipeline on fall.mp4 (one person falls and lies on the floor)', () => {
  const { minAspect, minDurationS, minBottom } = config.distress.fall;
  test('raises exactly one high-severity fall in the floor zone, once she has lain there long enough', { timeout: 60_000 }, async () => {
    const { results, published, calls, warnings } = await run('fall');
    expect(warnings).toEqual([]);
    // Persons, no faces; a pose only for her, only once she is going down, never while she walks upright.
    for (const call of calls) expect(call.options?.faces).toBe(false);
    const posed = calls.filter((call) => call.options?.poseBoxes);
    expect(posed.length).toBeGreaterThan(0);
    expect(Math.min(...posed.map((call) => call.tMs))).toBeGreaterThanOrEqual(fall.phases.find((p) => p.posture !== 'upright')!.startMs);
    for (const call of posed) expect(call.options!.poseBoxes).toHaveLength(1);
    expect(results.length).toBeGreaterThanOrEqual(49); // 10 s at 5 fps
    const cam = camera('fall');
    const phase = (r: FrameResult) => fall.phases.find((p) => r.frame.tMs >= p.startMs && r.frame.tMs < p.endMs)!.posture;

    // Upright: seen on every frame, standing (box taller than wide), in the floor zone; no event.
    const upright = results.filter((r) => phase(r) === 'upright');
    for (const r of upright) {
      expect(r.tracks, `${r.frame.tMs} ms`).toHaveLength(1);
      expect(pixelAspect(r.tracks[0]!.box, cam)).toBeLessThan(1);
      expect(r.zoneCounts.floor).toBe(1);
      expect(r.events).toEqual([]);
    }
    // Lying: seen on every frame as one horizontal box low in the frame.
    const lying = results.filter((r) => phase(r) === 'lying');
    expect(lying.length).toBeGreaterThanOrEqual(30);
    for (const r of lying) {
      expect(r.tracks, `${r.frame.tMs} ms`).toHaveLength(1);
      const { box, score } = r.tracks[0]!;
      expect(pixelAspect(box, cam)).toBeGreaterThanOrEqual(minAspect);
      expect(box.y + box.h).toBeGreaterThanOrEqual(minBottom);
      expect(score).toBeGreaterThanOrEqual(config.detection.minPersonScore);
      expect(r.zoneCounts.floor).toBe(1);
    }
    for (const r of results) expect(r.zoneCounts.floor).toBeLessThanOrEqual(1);

    const raised = results.flatMap((r) => r.events.map((event) => ({ tMs: r.frame.tMs, ...event })));
    expect(raised).toHaveLength(1);
    const [event] = raised;
    expect(event!.type).toBe('tp.distress.detected');
    expect(event!.data).toMatchObject({ zoneId: 'floor', kind: 'fall', severity: 'high' });
    const data = event!.data as { durationS: number; confidence: number };
    expect(data.durationS).toBeGreaterThanOrEqual(minDurationS);
    expect(data.confidence).toBeGreaterThan(0);
    // Not before she has been down minDurationS (down counts from her box's turning wide, as she lands), and not much later.
    const fallingStartMs = fall.phases.find((p) => p.posture === 'falling')!.startMs;
    expect(event!.tMs).toBeGreaterThanOrEqual(fallingStartMs + minDurationS * 1000);
    expect(event!.tMs).toBeLessThanOrEqual(fall.lyingStartMs + minDurationS * 1000 + 1000);
    // She keeps lying there for seconds after the event: still one event, and that is what went out.
    expect(results.at(-1)!.frame.tMs - event!.tMs).toBeGreaterThanOrEqual(2000);
    expect(published).toEqual([{ type: event!.type, data: event!.data }]);
  });
});

describe('edge pipeline on everyday.mp4 (walking, bending over, queueing)', () => {
  test('sees the people all along and raises no fall', { timeout: 90_000 }, async () => {
    const { results, published, calls, warnings } = await run('everyday');
    expect(warnings).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(99); // 20 s at 5 fps
    const during = (fromS: number, toS: number) => results.filter((r) => r.frame.tMs >= fromS * 1000 && r.frame.tMs < toS * 1000);
    const mostly = (frames: FrameResult[], people: number) => frames.filter((r) => r.tracks.length === people).length / frames.length;
    // Walking: both people on most frames (one hides the other while they pass).
    expect(mostly(during(0, 8), 2)).toBeGreaterThan(0.6);
    // Bending over: she is followed throughout, and her pose is asked for while her box is wide.
    expect(mostly(during(8.2, 12), 1)).toBe(1);
    expect(calls.some((call) => call.tMs >= 8000 && call.tMs < 12_000 && call.options?.poseBoxes?.length)).toBe(true);
    // Queueing: all three, every frame.
    expect(mostly(during(12, 20), 3)).toBe(1);
    expect(published.filter((event) => event.type === 'tp.distress.detected')).toEqual([]);
  });
});

describe('privacy through the pipeline', () => {
  test('expressions off for the branch: no face detector and no expression net loaded (a pose model for falls), no face asked for', () => {
    expect(camera('fall').zones[0]!.expressions).toBe(true); // the zone opted in, the branch did not
    expect(faces).toBe(false);
    const models = pool.loadedModels();
    expect(models).toEqual([['centernet', 'movenet-lightning']]);
    expect(models.flat()).not.toContain('tiny-face-detector');
    expect(models.flat()).not.toContain('face-expression');
  });

  test('a masked area: blanked before detection, nobody counted there, no fall raised', { timeout: 60_000 }, async () => {
    // Detect at least every second (not only on motion: the blanked person no longer moves), so
    // the detector sees masked frames of her upright and lying.
    const { results, published, calls, warnings } = await run('fall-masked', { detection: { ...config.detection, refreshS: 1 } });
    expect(warnings).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(49);
    expect(calls.some((c) => c.tMs < 3000)).toBe(true);
    expect(calls.filter((c) => c.tMs >= fall.lyingStartMs).length).toBeGreaterThanOrEqual(4);
    for (const call of calls) {
      expect(call.options).toEqual({ faces: false });
      expect(call.maskedBytes, `${call.tMs} ms`).toBe(0);
      expect(call.detections?.persons, `${call.tMs} ms`).toEqual([]);
    }
    for (const r of results) {
      expect(r.zoneCounts.floor).toBe(0);
      expect(r.tracks).toEqual([]);
      expect(r.events).toEqual([]);
    }
    expect(published).toEqual([]);
  });
});

