/**
 * The fall detector on hand-made tracks (640×480 camera, 5 frames a second): what a person's box
 * and pose do when they fall, and when they do the everyday things that look a little like it.
 */
import { describe, expect, it } from 'vitest';
import { KEYPOINT_NAMES, type Pose } from '../../models/pose-geometry.ts';
import type { Track } from '../pipeline/track.ts';
import type { Box } from '../pipeline/types.ts';
import { FallDetector, type FallSettings, type FallSign } from './fall.ts';

const SETTINGS: FallSettings = { minAspect: 1.3, minDurationS: 1, maxTransitionS: 3, unseenDownS: 5, escalateAfterS: 20, minBottom: 0.45 };
const FRAME = { width: 640, height: 480 };
const STEP_MS = 200;

/** A person standing with their feet at (x, 0.9): 0.6 of the frame tall (288 px), 0.09 wide (58 px). */
const STANDING: Box = { x: 0.45, y: 0.3, w: 0.09, h: 0.6 };
/** The same person lying on the floor where they stood: about as long as they are tall. */
const LYING: Box = { x: 0.3, y: 0.78, w: 0.42, h: 0.12 };

/** Boxes from `a` to `b` in `steps` frames (the box's corners move in straight lines). */
function between(a: Box, b: Box, steps: number): Box[] {
  return Array.from({ length: steps }, (_, i) => {
    const f = (i + 1) / steps;
    return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f, w: a.w + (b.w - a.w) * f, h: a.h + (b.h - a.h) * f };
  });
}
const hold = (box: Box, seconds: number): Box[] => Array.from({ length: Math.round((seconds * 1000) / STEP_MS) }, () => box);

/** A pose inside `box`: torso at `torsoDeg` from the vertical, hips at `hipY` of the box (0 top, 1 bottom), all points clear. */
function pose(box: Box, torsoDeg: number, hipY: number, score = 0.8): Pose {
  const hip = { x: box.x + box.w / 2, y: box.y + hipY * box.h };
  const length = 0.3 * STANDING.h;
  const rad = (torsoDeg * Math.PI) / 180;
  const shoulder = { x: hip.x + (Math.sin(rad) * length) / (FRAME.width / FRAME.height), y: hip.y - Math.cos(rad) * length };
  const at = (name: string) => (name.includes('hip') || name.includes('knee') || name.includes('ankle') ? hip : shoulder);
  return { keypoints: KEYPOINT_NAMES.map((name) => ({ name, ...at(name), score })), score, aspect: FRAME.width / FRAME.height };
}

interface Frame {
  box: Box | null;
  trackId?: string;
  pose?: (box: Box) => Pose;
}

/** Runs the frames (one person) through a detector; returns the signs with their time. */
function run(frames: readonly Frame[], settings = SETTINGS): (FallSign & { tS: number })[] {
  const detector = new FallDetector(settings, FRAME);
  const signs: (FallSign & { tS: number })[] = [];
  frames.forEach((frame, i) => {
    const tMs = i * STEP_MS;
    const tracks: Track[] = frame.box ? [{ id: frame.trackId ?? 'p', box: frame.box, score: 0.8, vx: 0, vy: 0, firstSeenMs: 0, lastSeenMs: tMs, hits: i + 1, confirmed: true }] : [];
    const poses = new Map(frame.box && frame.pose ? [[frame.trackId ?? 'p', frame.pose(frame.box)]] : []);
    for (const sign of detector.update(tracks, poses, tMs)) signs.push({ ...sign, tS: tMs / 1000 });
  });
  return signs;
}
const boxes = (list: Box[], extra: Omit<Frame, 'box'> = {}): Frame[] => list.map((box) => ({ box, ...extra }));

describe('falls', () => {
  it('raises one high fall once the person has lain down for the minimum time after falling', () => {
    // Stands 3 s, falls in 0.8 s, lies 10 s.
    const signs = run(boxes([...hold(STANDING, 3), ...between(STANDING, LYING, 4), ...hold(LYING, 10)]));
    expect(signs).toEqual([expect.objectContaining({ severity: 'high', durationS: 1 })]);
    // Down from the first lying-like box (≈ 3.6 s), raised 1 s later.
    expect(signs[0]!.tS).toBeGreaterThanOrEqual(4.2);
    expect(signs[0]!.tS).toBeLessThanOrEqual(4.8);
  });

  it('follows a person the tracker lost while they fell and found again lying (a new track id)', () => {
    const frames: Frame[] = [...boxes(hold(STANDING, 3)), ...boxes(between(STANDING, LYING, 4).slice(0, 2)), { box: null }, { box: null }, ...boxes(hold(LYING, 5), { trackId: 'q' })];
    expect(run(frames)).toEqual([expect.objectContaining({ trackId: 'q', severity: 'high' })]);
  });

  it('ends the episode when the person gets up, and raises a second fall later', () => {
    const once = [...hold(STANDING, 3), ...between(STANDING, LYING, 4), ...hold(LYING, 3), ...between(LYING, STANDING, 5), ...hold(STANDING, 2)];
    expect(run(boxes([...once, ...once])).map((sign) => sign.severity)).toEqual(['high', 'high']);
  });

  it('raises someone only ever seen lying as medium after longer, with a pose that shows them lying, and as high if they stay down', () => {
    const whole: Box = { ...LYING, y: 0.7 };
    const signs = run(boxes(hold(whole, 25), { pose: (box) => pose(box, 88, 0.5, 0.35) }));
    expect(signs.map((sign) => [sign.severity, sign.durationS])).toEqual([['medium', 5], ['high', 20]]);
    // Without a pose that shows someone lying it is only a wide box (two people side by side, a bag): nothing.
    expect(run(boxes(hold(whole, 25)))).toEqual([]);
  });
});

describe('not falls', () => {
  it('sitting down on a chair: the box gets shorter and, seen from the side, as wide as tall; the torso stays upright', () => {
    const seated: Box = { x: 0.38, y: 0.55, w: 0.25, h: 0.35 }; // 168 px tall, 160 px wide
    expect(run(boxes([...hold(STANDING, 3), ...between(STANDING, seated, 5), ...hold(seated, 10)], { pose: (box) => pose(box, 8, 0.75) }))).toEqual([]);
  });

  it('bending over to pick something up: the box turns wide for a moment, the hips stay up', () => {
    const bent: Box = { x: 0.36, y: 0.55, w: 0.3, h: 0.35 }; // 192 × 168 px, for 2 s
    const frames = boxes([...hold(STANDING, 3), ...between(STANDING, bent, 3), ...hold(bent, 2), ...between(bent, STANDING, 3), ...hold(STANDING, 3)], { pose: (box) => pose(box, 85, 0.1) });
    expect(run(frames)).toEqual([]);
  });

  it('kneeling at a kiosk: shorter, but tall and upright', () => {
    const kneeling: Box = { x: 0.45, y: 0.5, w: 0.1, h: 0.4 };
    expect(run(boxes([...hold(STANDING, 3), ...between(STANDING, kneeling, 4), ...hold(kneeling, 15)], { pose: (box) => pose(box, 5, 0.6) }))).toEqual([]);
  });

  it('walking away from the camera: the box shrinks towards the horizon, its shape stays', () => {
    const far: Box = { x: 0.48, y: 0.35, w: 0.03, h: 0.2 };
    expect(run(boxes([...hold(STANDING, 1), ...between(STANDING, far, 25), ...hold(far, 5)]))).toEqual([]);
  });

  it('a box that turns wide in one frame: someone stepped beside the person and the detector merged them', () => {
    const merged: Box = { x: 0.3, y: 0.3, w: 0.6, h: 0.6 }; // same top, twice as wide
    expect(run(boxes([...hold(STANDING, 3), ...hold(merged, 8)]))).toEqual([]);
  });

  it('a box whose top drops faster than a falling head: the tracker took another person (or a cut in a clip) for this one', () => {
    const turning: Box = { x: 0.35, y: 0.3, w: 0.35, h: 0.6 }; // arms out, top where it was
    expect(run(boxes([...hold(STANDING, 3), turning, ...hold(LYING, 8)]))).toEqual([]);
  });

  it('a box that shrinks from the bottom: the person walked behind something, their feet did not stay', () => {
    const hidden: Box = { x: 0.3, y: 0.3, w: 0.4, h: 0.2 };
    expect(run(boxes([...hold(STANDING, 3), ...between(STANDING, hidden, 4), ...hold(hidden, 8)]))).toEqual([]);
  });

  it('a small wide box at the feet (a bag, a shadow the detector scores low) is not the person lying: they are as long as they are tall', () => {
    const bag: Box = { x: 0.47, y: 0.86, w: 0.05, h: 0.04 }; // 32 × 19 px
    expect(run(boxes([...hold(STANDING, 3), ...between(STANDING, bag, 3), ...hold(bag, 8)]))).toEqual([]);
  });

  it('lying high in the frame (far away, above minBottom): out of the analysed floor', () => {
    const farStanding: Box = { x: 0.45, y: 0.05, w: 0.05, h: 0.3 };
    const farLying: Box = { x: 0.38, y: 0.29, w: 0.2, h: 0.06 };
    expect(run(boxes([...hold(farStanding, 3), ...between(farStanding, farLying, 4), ...hold(farLying, 8)]))).toEqual([]);
  });
});

describe('which people get a pose', () => {
  it('only those no longer clearly upright or shrinking', () => {
    const detector = new FallDetector(SETTINGS, FRAME);
    const track = (id: string, box: Box, tMs: number): Track => ({ id, box, score: 0.8, vx: 0, vy: 0, firstSeenMs: 0, lastSeenMs: tMs, hits: 1, confirmed: true });
    for (let t = 0; t < 2000; t += STEP_MS) detector.update([track('walker', STANDING, t), track('faller', STANDING, t)], new Map(), t);
    detector.update([track('walker', STANDING, 2000), track('faller', { x: 0.4, y: 0.55, w: 0.2, h: 0.35 }, 2000)], new Map(), 2000);
    expect(detector.candidates().map((candidate) => candidate.trackId)).toEqual(['faller']);
  });

  it('asks only once a second for someone who stays the same (sitting, cut by the frame), every frame for someone whose box changes', () => {
    const detector = new FallDetector(SETTINGS, FRAME);
    const track = (id: string, box: Box, tMs: number): Track => ({ id, box, score: 0.8, vx: 0, vy: 0, firstSeenMs: 0, lastSeenMs: tMs, hits: 1, confirmed: true });
    const seated: Box = { x: 0.2, y: 0.55, w: 0.25, h: 0.35 };
    const asked = { sitter: 0, faller: 0 };
    for (let t = 0; t <= 10_000; t += STEP_MS) {
      for (const { trackId } of detector.poseRequests(t)) asked[trackId as keyof typeof asked]++;
      // The faller's box keeps changing (stepping, turning); the sitter's stays put.
      const wobble = { x: 0.6, y: 0.5 + (t % 800 === 0 ? 0.04 : 0), w: 0.25, h: 0.35 - (t % 800 === 0 ? 0.04 : 0) };
      detector.update([track('sitter', seated, t), track('faller', wobble, t)], new Map(), t);
    }
    // 10 s: about 2 s at every frame, then once a second; the changing one on every frame after its first.
    expect(asked.sitter).toBeGreaterThanOrEqual(16);
    expect(asked.sitter).toBeLessThanOrEqual(20);
    expect(asked.faller).toBe(50);
  });
});

