/**
 * What one pose costs, two ways:
 *   a) MoveNet `estimate()` alone, in one thread (this process's main thread, the same tfjs backend
 *      a worker picks), on the crops of the people CenterNet found on real frames, against one
 *      CenterNet pass on the same frames in the same thread;
 *   b) the detection job in a worker (DetectorPool, 1 worker, poses on) with 0, 1, 2 and 4 pose boxes,
 *      interleaved frame by frame so a slow spell of the machine hits every count alike: the job's
 *      in-worker time grows by the cost of a pose per box, as the live path pays it.
 */
import { performance } from 'node:perf_hooks';
import type { DetectorPool } from '../edge/pipeline/detect.ts';
import type { Box, Frame } from '../edge/pipeline/types.ts';
import { initBackend, tf } from '../models/backend.ts';
import { CenternetPersonDetector } from '../models/centernet.ts';
import { MovenetPoseEstimator } from '../models/movenet.ts';
import { percentile } from './lib.ts';

/** Pose boxes per job in part b: MAX_POSES in detect-worker.ts is 4. */
export const POSE_COUNTS = [0, 1, 2, 4] as const;
const WARMUP_DETECTIONS = 2;
const WARMUP_POSES = 3;
/** Timed passes over the frames in part a. */
const DETECT_ROUNDS = 2;

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

export interface ThreadCost {
  backend: string;
  detections: number;
  detectMs: number;
  poses: number;
  poseMs: number;
  poseMedianMs: number;
  /** The people found on each frame (≥ minPersonScore), by frame seq: the crops, and part b's pose boxes. */
  boxes: Map<number, Box[]>;
}

/**
 * Part a: each frame detected `DETECT_ROUNDS` times, and between detections the poses due so far
 * (`poseRuns` in all), cycling over every person found: detections and poses share the machine's
 * good and bad moments. After a warm-up of both.
 */
export async function threadCost(frames: Frame[], poseRuns: number, minPersonScore: number): Promise<ThreadCost> {
  const backend = await initBackend('auto');
  const detector = new CenternetPersonDetector({ minScore: minPersonScore });
  const estimator = new MovenetPoseEstimator();
  await detector.load();
  await estimator.load();
  const images = frames.map((frame) => tf.tensor3d(frame.rgb, [frame.height, frame.width, 3], 'int32'));
  try {
    const boxes = new Map<number, Box[]>();
    for (const [i, image] of images.entries()) boxes.set(frames[i]!.seq, (await detector.detect(image)).map((person) => person.box)); // also the warm-up
    const crops = images.flatMap((image, i) => boxes.get(frames[i]!.seq)!.map((box) => ({ image, box })));
    if (crops.length === 0) throw new Error('no person found on the scene frames: nothing to estimate a pose for');
    for (let i = 0; i < WARMUP_POSES; i++) await estimator.estimate(crops[i % crops.length]!.image, crops[i % crops.length]!.box);
    const detectMs: number[] = [];
    const poseMs: number[] = [];
    const slots = DETECT_ROUNDS * images.length;
    let next = 0;
    for (let slot = 0; slot < slots; slot++) {
      const started = performance.now();
      await detector.detect(images[slot % images.length]!);
      detectMs.push(performance.now() - started);
      while (poseMs.length < Math.round(((slot + 1) * poseRuns) / slots)) {
        const { image, box } = crops[next++ % crops.length]!;
        const t0 = performance.now();
        await estimator.estimate(image, box);
        poseMs.push(performance.now() - t0);
      }
    }
    return {
      backend, detections: detectMs.length, detectMs: mean(detectMs), poses: poseMs.length, poseMs: mean(poseMs),
      poseMedianMs: percentile([...poseMs].sort((a, b) => a - b), 50), boxes,
    };
  } finally {
    for (const image of images) image.dispose();
    detector.dispose();
    estimator.dispose();
  }
}

/** `count` boxes from the people on this frame, repeated when there are fewer (each box is one more pose pass). */
export function poseBoxesFor(people: readonly Box[], count: number): Box[] {
  const source = people.length ? people : [{ x: 0.25, y: 0.1, w: 0.5, h: 0.8 }];
  return Array.from({ length: count }, (_, i) => source[i % source.length]!);
}

export interface JobCost {
  /** Mean in-worker ms of the job, by pose boxes asked, and the poses it returned per job. */
  byBoxes: { boxes: number; jobs: number; inWorkerMs: number; poses: number }[];
  /** Least-squares slope of in-worker ms over pose boxes: what each candidate adds to a frame. */
  msPerPose: number;
}

/** Part b: `perCount` jobs for each of POSE_COUNTS, one at a time, after a warm-up. */
export async function jobCost(pool: DetectorPool, frames: Frame[], boxes: Map<number, Box[]>, perCount: number): Promise<JobCost> {
  const optionsFor = (frame: Frame, count: number) => (count ? { poseBoxes: poseBoxesFor(boxes.get(frame.seq) ?? [], count) } : {});
  for (let i = 0; i < WARMUP_DETECTIONS; i++) await pool.detect(frames[i % frames.length]!, optionsFor(frames[i % frames.length]!, POSE_COUNTS.at(-1)!));
  const samples = new Map<number, { ms: number[]; poses: number }>(POSE_COUNTS.map((count) => [count, { ms: [], poses: 0 }]));
  for (let i = 0; i < perCount; i++) {
    const frame = frames[i % frames.length]!;
    // Rotate the order too, so no count always follows the same one.
    for (let k = 0; k < POSE_COUNTS.length; k++) {
      const count = POSE_COUNTS[(i + k) % POSE_COUNTS.length]!;
      const d = await pool.detect(frame, optionsFor(frame, count));
      const sample = samples.get(count)!;
      sample.ms.push(d.inferenceMs);
      sample.poses += d.poses.length;
    }
  }
  const byBoxes = POSE_COUNTS.map((count) => {
    const { ms, poses } = samples.get(count)!;
    return { boxes: count, jobs: ms.length, inWorkerMs: mean(ms), poses: poses / ms.length };
  });
  const kMean = mean(byBoxes.map((b) => b.boxes));
  const msMean = mean(byBoxes.map((b) => b.inWorkerMs));
  const msPerPose =
    byBoxes.reduce((sum, b) => sum + (b.boxes - kMean) * (b.inWorkerMs - msMean), 0) / byBoxes.reduce((sum, b) => sum + (b.boxes - kMean) ** 2, 0);
  return { byBoxes, msPerPose };
}
