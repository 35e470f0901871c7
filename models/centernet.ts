/**
 * Person detector: CenterNet (MobileNetV3 backbone, COCO's 80 classes) from @vladmandic/human's
 * models, loaded and run here with plain tfjs (not through Human, whose loader fetches URLs).
 * Pre-processing as upstream (mobilenetv3_centernet `preprocess`): RGB 0..255, letterboxed into
 * 512×512 with the aspect kept and zero padding centred. The graph decodes its own heatmap and
 * returns the top 100 `[x1, y1, x2, y2, score, class]` in input pixels; we keep class 0 (person),
 * apply the score threshold and NMS, and map the boxes back to the frame (normalised).
 */
import { z } from 'zod';
import type { PersonDetection } from '../edge/pipeline/types.ts';
import { tf } from './backend.ts';
import { clipCorners, nonMaxSuppression } from './boxes.ts';
import { loadGraphModel } from './load.ts';
import type { ModelName, ReadOptions } from './registry.ts';

export const centernetConfigSchema = z.strictObject({
  minScore: z.number().min(0.05).max(0.95).default(0.3).describe('keep persons scoring at least this (0.3: no false positives on empty scenes, most people in crowded ones)'),
  maxIou: z.number().min(0.1).max(0.9).default(0.5).describe('NMS: drop a box overlapping a better one by more than this'),
  maxContainment: z.number().min(0.5).max(1).default(0.9).describe('NMS: drop a box lying more than this inside a better one (a part of the same person); 1 turns it off'),
  maxDetections: z.number().int().min(1).max(100).default(50),
});
export type CenternetConfig = z.infer<typeof centernetConfigSchema>;

/** Fixed by the graph (its decoder hard-codes the 128×128 heatmap). */
export const CENTERNET_INPUT = 512;
const OUTPUT = 'tower_0/detections';
const PERSON_CLASS = 0;

export class CenternetPersonDetector {
  static readonly key = 'centernet';
  readonly config: CenternetConfig;
  #model: tf.GraphModel | null = null;

  constructor(config: Partial<CenternetConfig> = {}) {
    this.config = centernetConfigSchema.parse(config);
  }

  /** Verifies the files against the manifest and loads the graph. */
  async load(options: ReadOptions = {}): Promise<void> {
    this.#model ??= await loadGraphModel('centernet', options);
  }

  loadedModels(): ModelName[] {
    return this.#model ? ['centernet'] : [];
  }

  /** Persons in an RGB image tensor [height, width, 3] (0..255); boxes normalised to that image. */
  async detect(image: tf.Tensor3D): Promise<PersonDetection[]> {
    const model = this.#model;
    if (!model) throw new Error('centernet: detect() before load()');
    const [height, width] = image.shape;
    const scale = CENTERNET_INPUT / Math.max(width, height);
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    const dx = Math.floor((CENTERNET_INPUT - w) / 2);
    const dy = Math.floor((CENTERNET_INPUT - h) / 2);
    const output = tf.tidy(() => {
      const resized = tf.image.resizeBilinear(image, [h, w]);
      const padded = tf.pad(resized, [[dy, CENTERNET_INPUT - h - dy], [dx, CENTERNET_INPUT - w - dx], [0, 0]]);
      return model.execute(tf.expandDims(padded, 0), OUTPUT) as tf.Tensor;
    });
    const rows = ((await output.array()) as number[][][])[0] ?? [];
    output.dispose();
    const persons: PersonDetection[] = [];
    for (const [x1, y1, x2, y2, score, cls] of rows as [number, number, number, number, number, number][]) {
      if (cls !== PERSON_CLASS || !(score >= this.config.minScore)) continue;
      const box = clipCorners((x1 - dx) / w, (y1 - dy) / h, (x2 - dx) / w, (y2 - dy) / h);
      if (box) persons.push({ box, score });
    }
    return nonMaxSuppression(persons, this.config.maxIou, this.config.maxDetections, this.config.maxContainment);
  }

  dispose(): void {
    this.#model?.dispose();
    this.#model = null;
  }
}
