/**
 * Single-person pose: MoveNet SinglePose Lightning (Google, TF Hub v4) from @vladmandic/human's
 * models, loaded and run here with plain tfjs (not through Human, whose loader fetches URLs).
 * Run on one person at a time, given the detector's box: the box is widened to a square around its
 * centre (so a standing person's tall box and a lying person's wide box both fit), the part of the
 * square outside the frame is zeros, and `tf.image.cropAndResize` takes that square straight to the
 * 192×192 int32 input in one op. The graph returns 17 `[y, x, score]` normalised to its input, which
 * we map back to the frame. The crop never leaves tfjs and every tensor is disposed here.
 */
import { z } from 'zod';
import type { Box } from '../edge/pipeline/types.ts';
import { tf } from './backend.ts';
import { loadGraphModel } from './load.ts';
import { KEYPOINT_NAMES, type Keypoint, type Pose } from './pose-geometry.ts';
import type { ModelName, ReadOptions } from './registry.ts';

export const movenetConfigSchema = z.strictObject({
  cropScale: z.number().min(1).max(2).default(1.25).describe('side of the square crop as a multiple of the longer side of the person box (room for arms and feet the box cut off)'),
});
export type MovenetConfig = z.infer<typeof movenetConfigSchema>;

/** Fixed by the graph: input `input` [1, 192, 192, 3] int32 RGB 0..255; output `Identity` [1, 1, 17, 3] float. */
export const MOVENET_INPUT = 192;

/** The square crop around a box, in frame pixels (continuous: 0 is the left edge of the first pixel). */
function squareAround(box: Box, width: number, height: number, scale: number): { left: number; top: number; side: number } {
  const side = scale * Math.max(box.w * width, box.h * height);
  const cx = (box.x + box.w / 2) * width;
  const cy = (box.y + box.h / 2) * height;
  return { left: cx - side / 2, top: cy - side / 2, side };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

export class MovenetPoseEstimator {
  static readonly key = 'movenet-lightning';
  readonly config: MovenetConfig;
  #model: tf.GraphModel | null = null;

  constructor(config: Partial<MovenetConfig> = {}) {
    this.config = movenetConfigSchema.parse(config);
  }

  /** Verifies the files against the manifest and loads the graph. */
  async load(options: ReadOptions = {}): Promise<void> {
    this.#model ??= await loadGraphModel('movenet-lightning', options);
  }

  loadedModels(): ModelName[] {
    return this.#model ? ['movenet-lightning'] : [];
  }

  /**
   * The pose of the person in `box` (normalised to the frame) in an RGB frame tensor [height, width, 3]
   * (0..255). Keypoints are normalised to the whole frame; points the model puts outside it are
   * clamped to its edge (they score low).
   */
  async estimate(image: tf.Tensor3D, box: Box): Promise<Pose> {
    const model = this.#model;
    if (!model) throw new Error('movenet: estimate() before load()');
    const [height, width] = image.shape;
    const { left, top, side } = squareAround(box, width, height, this.config.cropScale);
    if (!(side > 0)) throw new Error(`movenet: empty person box ${JSON.stringify(box)}`);
    // cropAndResize samples at y1·(H−1) … y2·(H−1) (pixel centres); sample the centres of a 192² grid over the square.
    const half = side / MOVENET_INPUT / 2;
    const toIndex = (edge: number, size: number) => (edge - 0.5) / Math.max(1, size - 1);
    const crop = [toIndex(top + half, height), toIndex(left + half, width), toIndex(top + side - half, height), toIndex(left + side - half, width)];
    const output = tf.tidy(() => {
      const batch = tf.expandDims<tf.Tensor4D>(image, 0);
      const input = tf.image.cropAndResize(batch, [crop], [0], [MOVENET_INPUT, MOVENET_INPUT], 'bilinear', 0);
      return model.execute(tf.cast(tf.round(input), 'int32'), 'Identity') as tf.Tensor;
    });
    const values = await output.data();
    output.dispose();
    const keypoints: Keypoint[] = KEYPOINT_NAMES.map((name, i) => ({
      name,
      x: clamp01((left + values[3 * i + 1]! * side) / width),
      y: clamp01((top + values[3 * i]! * side) / height),
      score: values[3 * i + 2]!,
    }));
    const score = keypoints.reduce((sum, k) => sum + k.score, 0) / keypoints.length;
    return { keypoints, score, aspect: width / height };
  }

  dispose(): void {
    this.#model?.dispose();
    this.#model = null;
  }
}
