/**
 * Faces and, only when switched on, their expressions: @vladmandic/face-api's tiny face detector and
 * face expression net, on the tfjs engine this thread already initialised (checked at load).
 * The expression net is not read from disk, let alone loaded, unless `expressions: true`
 * (off by default: see models/cards/face-expression.md for why).
 * No landmarks, no descriptors, no recognition: nothing here can tell who someone is.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import { EXPRESSIONS, type Box, type Expression, type FaceDetection } from '../edge/pipeline/types.ts';
import { tf } from './backend.ts';
import { clipCorners, nonMaxSuppression } from './boxes.ts';
import { loadWeightMap } from './load.ts';
import type { ModelName, ReadOptions } from './registry.ts';

export const faceConfigSchema = z.strictObject({
  inputSize: z.number().int().min(128).max(1024).multipleOf(32).default(512).describe('tiny face detector input (the frame is padded square, then resized to this)'),
  minScore: z.number().min(0.05).max(0.95).default(0.4),
  expressions: z.boolean().default(false).describe('load the expression net; off by default (privacy, EU AI Act)'),
  maxIou: z.number().min(0.1).max(0.9).default(0.4).describe('NMS across overlapping zones of interest'),
});
export type FaceConfig = z.infer<typeof faceConfigSchema>;

/** The part of face-api we use (its node-wasm build is CommonJS without usable typings for a require by path). */
interface FaceApiBox {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface FaceApiDetection {
  score: number;
  box: FaceApiBox;
}
interface FaceApiNet {
  loadFromWeightMap(weights: tf.NamedTensorMap): void;
  readonly isLoaded: boolean;
  dispose(): void;
}
interface FaceApi {
  tf: { engine(): unknown };
  TinyFaceDetector: new () => FaceApiNet & { locateFaces(input: tf.Tensor3D, options: unknown): Promise<FaceApiDetection[]> };
  FaceExpressionNet: new () => FaceApiNet & { predictExpressions(input: tf.Tensor3D[]): Promise<Record<Expression, number>[]> };
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  extractFaceTensors(input: tf.Tensor3D, detections: FaceApiDetection[]): Promise<tf.Tensor3D[]>;
}

/** face-api's `exports` map has no node-wasm entry point: require the build by its path. */
function requireFaceApi(): FaceApi {
  const faceapi = createRequire(import.meta.url)('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  if (faceapi.tf.engine() !== tf.engine()) {
    throw new Error('face-api resolved a different @tensorflow/tfjs instance than ours; dedupe @tensorflow/tfjs in node_modules');
  }
  return faceapi;
}

export interface FaceDetectOptions {
  /** Compute expressions for the faces found (needs `expressions: true` at construction). */
  expressions?: boolean;
  /** Normalised regions: faces are looked for inside these only, at the whole frame's scale; default the whole image. */
  zones?: readonly Box[] | null;
}

export class FaceDetector {
  static readonly key = 'tiny-face-detector';
  readonly config: FaceConfig;
  #faceapi: FaceApi | null = null;
  #detector: InstanceType<FaceApi['TinyFaceDetector']> | null = null;
  #expressions: InstanceType<FaceApi['FaceExpressionNet']> | null = null;

  constructor(config: Partial<FaceConfig> = {}) {
    this.config = faceConfigSchema.parse(config);
  }

  /** Verifies and loads the face detector, and the expression net only if expressions are on. */
  async load(options: ReadOptions = {}): Promise<void> {
    const faceapi = (this.#faceapi ??= requireFaceApi());
    if (!this.#detector) {
      const detector = new faceapi.TinyFaceDetector();
      detector.loadFromWeightMap(await loadWeightMap('tiny-face-detector', options));
      this.#detector = detector;
    }
    if (this.config.expressions && !this.#expressions) {
      const net = new faceapi.FaceExpressionNet();
      net.loadFromWeightMap(await loadWeightMap('face-expression', options));
      this.#expressions = net;
    }
  }

  /** What is actually in memory (read from the nets, not from the config). */
  loadedModels(): ModelName[] {
    const models: ModelName[] = [];
    if (this.#detector?.isLoaded) models.push('tiny-face-detector');
    if (this.#expressions?.isLoaded) models.push('face-expression');
    return models;
  }

  /** Faces in an RGB image tensor [height, width, 3] (0..255); boxes normalised to that image. */
  async detect(image: tf.Tensor3D, options: FaceDetectOptions = {}): Promise<FaceDetection[]> {
    const faceapi = this.#faceapi;
    const detector = this.#detector;
    if (!faceapi || !detector) throw new Error('faces: detect() before load()');
    const wantExpressions = options.expressions ?? this.config.expressions;
    if (wantExpressions && !this.#expressions) throw new Error('faces: expressions asked for, but the expression net is not loaded (expression analysis is off)');
    const [height, width] = image.shape;
    const regions = options.zones?.length ? options.zones.map((zone) => toPixels(zone, width, height)).filter((r) => r !== null) : [{ x: 0, y: 0, w: width, h: height }];
    const faces: FaceDetection[] = [];
    for (const region of regions) {
      const whole = region.w === width && region.h === height;
      const crop = whole ? image : tf.slice(image, [region.y, region.x, 0], [region.h, region.w, 3]);
      try {
        const inputSize = whole ? this.config.inputSize : zoneInputSize(this.config.inputSize, region, width, height);
        const found = await detector.locateFaces(crop, new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold: this.config.minScore }));
        const expressions = wantExpressions && found.length ? await this.#predictExpressions(faceapi, crop, found) : null;
        found.forEach((face, i) => {
          const x = region.x + face.box.x;
          const y = region.y + face.box.y;
          const box = clipCorners(x / width, y / height, (x + face.box.width) / width, (y + face.box.height) / height);
          if (!box) return;
          const detection: FaceDetection = { box, score: face.score };
          const scores = expressions?.[i];
          if (scores) detection.expressions = scores;
          faces.push(detection);
        });
      } finally {
        if (crop !== image) crop.dispose();
      }
    }
    return regions.length > 1 ? nonMaxSuppression(faces, this.config.maxIou) : faces;
  }

  async #predictExpressions(faceapi: FaceApi, image: tf.Tensor3D, faces: FaceApiDetection[]): Promise<Record<Expression, number>[]> {
    const crops = await faceapi.extractFaceTensors(image, faces);
    try {
      const predictions = await this.#expressions!.predictExpressions(crops);
      return predictions.map((p) => Object.fromEntries(EXPRESSIONS.map((name) => [name, p[name]])) as Record<Expression, number>);
    } finally {
      for (const crop of crops) crop.dispose();
    }
  }

  dispose(): void {
    this.#detector?.dispose();
    this.#expressions?.dispose();
    this.#detector = null;
    this.#expressions = null;
  }
}

/**
 * The input size that keeps a zone's pixels at the scale the whole frame would get. The tiny face
 * detector loses faces larger than about a third of its input, so a zone crop is not blown up to
 * the full input size: zones restrict where faces are looked for (and cost less); they do not magnify.
 */
function zoneInputSize(inputSize: number, region: { w: number; h: number }, width: number, height: number): number {
  const scaled = (inputSize * Math.max(region.w, region.h)) / Math.max(width, height);
  return Math.min(inputSize, Math.max(128, Math.ceil(scaled / 32) * 32));
}

/** A normalised zone as whole pixels inside the image; null when it is (nearly) empty. */
function toPixels(zone: Box, width: number, height: number): { x: number; y: number; w: number; h: number } | null {
  const x = Math.max(0, Math.floor(zone.x * width));
  const y = Math.max(0, Math.floor(zone.y * height));
  const right = Math.min(width, Math.ceil((zone.x + zone.w) * width));
  const bottom = Math.min(height, Math.ceil((zone.y + zone.h) * height));
  return right - x >= 16 && bottom - y >= 16 ? { x, y, w: right - x, h: bottom - y } : null;
}
