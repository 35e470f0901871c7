/**
 * Real inference on images shipped with @vladmandic/human (decoded in memory), person boxes from
 * CenterNet. Looked at by eye:
 *   screenshot-vrm.jpg (800×653): a 3D-rendered woman standing upright, front-facing, whole body
 *     ≈ 580 px tall, on the left; a webcam inset of a man (head and chest) top right.
 *   samples.jpg, the thumbnail at x 545–633, y 0–158: a photo of a woman standing upright, whole
 *     body ≈ 150 px tall (a low-resolution person, as from a far camera).
 * Each frame is also rotated by 90° (the box with it) to stand in for a person lying on the floor.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { decodeImage } from '../edge/pipeline/decode-image.ts';
import type { Box } from '../edge/pipeline/types.ts';
import { initBackend, tf } from './backend.ts';
import { CenternetPersonDetector } from './centernet.ts';
import { MovenetPoseEstimator } from './movenet.ts';
import { hipHeight, KEYPOINT_NAMES, MIN_KEYPOINT_SCORE, torsoAngleDeg, type KeypointName, type Pose } from './pose-geometry.ts';

const asset = (name: string) => fileURLToPath(new URL(`../node_modules/@vladmandic/human/assets/${name}`, import.meta.url));
const SUBJECTS = [
  { what: 'rendered woman, 580 px', file: asset('screenshot-vrm.jpg'), filter: undefined },
  { what: 'photo of a woman, 150 px', file: asset('samples.jpg'), filter: 'crop=88:158:545:0' },
] as const;

/** 90° clockwise: (x, y) → (1 − y, x). */
function rotateClockwise(image: tf.Tensor3D, box: Box): { image: tf.Tensor3D; box: Box } {
  return { image: tf.tidy(() => tf.reverse(tf.transpose(image, [1, 0, 2]), 1)), box: { x: 1 - box.y - box.h, y: box.x, w: box.h, h: box.w } };
}
/** 90° counter-clockwise: (x, y) → (y, 1 − x). */
function rotateCounterClockwise(image: tf.Tensor3D, box: Box): { image: tf.Tensor3D; box: Box } {
  return { image: tf.tidy(() => tf.reverse(tf.transpose(image, [1, 0, 2]), 0)), box: { x: box.y, y: 1 - box.x - box.w, w: box.h, h: box.w } };
}

/** Mean y of the visible points among `names` (normalised), or null. */
function meanY(pose: Pose, names: KeypointName[]): number | null {
  const points = pose.keypoints.filter((k) => names.includes(k.name) && k.score >= MIN_KEYPOINT_SCORE);
  return points.length ? points.reduce((s, k) => s + k.y, 0) / points.length : null;
}

describe('MovenetPoseEstimator (real inference)', () => {
  const fetchSpy = vi.fn(() => {
    throw new Error('no network at run time');
  });
  const realFetch = globalThis.fetch;
  const movenet = new MovenetPoseEstimator();
  const frames: { image: tf.Tensor3D; box: Box }[] = [];

  beforeAll(async () => {
    globalThis.fetch = fetchSpy as unknown as typeof fetch;
    await initBackend();
    const centernet = new CenternetPersonDetector();
    await Promise.all([movenet.load(), centernet.load()]);
    for (const subject of SUBJECTS) {
      const decoded = await decodeImage(subject.file, subject.filter ? { filter: subject.filter } : {});
      const image = tf.tensor3d(decoded.rgb, [decoded.height, decoded.width, 3], 'int32');
      const [best] = await centernet.detect(image);
      frames.push({ image, box: best!.box });
    }
    centernet.dispose();
  });
  afterAll(() => {
    for (const frame of frames) frame.image.dispose();
    movenet.dispose();
    globalThis.fetch = realFetch;
  });

  test('loads from the verified local files, never fetches', () => {
    expect(MovenetPoseEstimator.key).toBe('movenet-lightning');
    expect(movenet.loadedModels()).toEqual(['movenet-lightning']);
    expect(new MovenetPoseEstimator().loadedModels()).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  test('the person boxes are the standing people we looked at', () => {
    expect(frames[0]!.box).toMatchObject({ x: expect.closeTo(0.09, 1), h: expect.closeTo(0.89, 1) });
    expect(frames[1]!.box.h).toBeGreaterThan(0.85);
  });

  test.each(SUBJECTS.map((s, i) => [s.what, i] as const))('%s, upright: head above shoulders above hips above ankles, torso < 30°', async (_what, i) => {
    const { image, box } = frames[i]!;
    const pose = await movenet.estimate(image, box);
    expect(pose.keypoints.map((k) => k.name)).toEqual([...KEYPOINT_NAMES]);
    for (const k of pose.keypoints) expect([k.x, k.y, k.score].every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(pose.score).toBeGreaterThan(0.4);
    const head = meanY(pose, ['nose', 'left_eye', 'right_eye']);
    const shoulders = meanY(pose, ['left_shoulder', 'right_shoulder']);
    const hips = meanY(pose, ['left_hip', 'right_hip']);
    const ankles = meanY(pose, ['left_ankle', 'right_ankle']);
    expect([head, shoulders, hips, ankles]).not.toContain(null);
    expect(head!).toBeLessThan(shoulders!);
    expect(shoulders!).toBeLessThan(hips!);
    expect(hips!).toBeLessThan(ankles!);
    expect(hipHeight(pose)).toBe(hips);
    // The points lie on the person: inside the box, widened a little.
    expect(head!).toBeGreaterThan(box.y - 0.05);
    expect(ankles!).toBeLessThan(box.y + box.h + 0.05);
    expect(torsoAngleDeg(pose)!).toBeLessThan(30);
  });

  test.each([
    ['clockwise', rotateClockwise],
    ['counter-clockwise', rotateCounterClockwise],
  ] as const)('the rendered woman rotated 90° %s (lying): torso > 60°, head at hip height', async (_what, rotate) => {
    const rotated = rotate(frames[0]!.image, frames[0]!.box);
    const pose = await movenet.estimate(rotated.image, rotated.box);
    const [height, width] = rotated.image.shape;
    rotated.image.dispose();
    expect(torsoAngleDeg(pose)!).toBeGreaterThan(60);
    // Head and mid-hip within a tenth of the person's length (now the box's width) of each other, in pixels.
    const head = meanY(pose, ['nose', 'left_eye', 'right_eye'])!;
    expect(Math.abs(head - hipHeight(pose)!) * height).toBeLessThan(0.1 * rotated.box.w * width);
  });

  test('the 150 px photo rotated: lying when the points are visible, and never called upright', async () => {
    const angles: (number | null)[] = [];
    for (const rotate of [rotateClockwise, rotateCounterClockwise]) {
      const rotated = rotate(frames[1]!.image, frames[1]!.box);
      angles.push(torsoAngleDeg(await movenet.estimate(rotated.image, rotated.box)));
      rotated.image.dispose();
    }
    for (const angle of angles) expect(angle === null || angle > 60, `angle ${angle}`).toBe(true);
    expect(angles.some((angle) => angle !== null)).toBe(true);
  });

  test('a box at the frame corner: the square reaches outside (zeros), the keypoints stay in the frame', async () => {
    const pose = await movenet.estimate(frames[0]!.image, { x: 0.9, y: 0.85, w: 0.1, h: 0.15 });
    expect(pose.keypoints).toHaveLength(17);
    for (const k of pose.keypoints) expect(k.x >= 0 && k.x <= 1 && k.y >= 0 && k.y <= 1).toBe(true);
  });

  test('no tensor is left behind over repeated calls (and the per-crop latency)', async () => {
    const { image, box } = frames[0]!;
    await movenet.estimate(image, box); // warm
    const before = tf.memory().numTensors;
    const runs = 10;
    const start = performance.now();
    for (let i = 0; i < runs; i++) await movenet.estimate(image, box);
    const ms = (performance.now() - start) / runs;
    expect(tf.memory().numTensors).toBe(before);
    console.log(`movenet-lightning: ${ms.toFixed(1)} ms per crop (backend ${tf.getBackend()}, mean of ${runs})`);
  });

  test('refuses to run before load() and on an empty box', async () => {
    await expect(new MovenetPoseEstimator().estimate(frames[0]!.image, frames[0]!.box)).rejects.toThrow(/before load/);
    await expect(movenet.estimate(frames[0]!.image, { x: 0.5, y: 0.5, w: 0, h: 0 })).rejects.toThrow(/empty person box/);
  });
});
