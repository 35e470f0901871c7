/**
 * One detection worker thread (started by DetectorPool in detect.ts). It picks the tfjs backend,
 * verifies and loads the models it was asked for — once — warms them up, says `ready` with the
 * models actually in memory, then answers `detect` messages one at a time.
 * Frames arrive as bytes in messages and are dropped after use: nothing is written anywhere.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, tf, type BackendName, type BackendPreference } from '../../models/backend.ts';
import { CenternetPersonDetector } from '../../models/centernet.ts';
import { FaceDetector } from '../../models/faces.ts';
import { MovenetPoseEstimator } from '../../models/movenet.ts';
import type { ModelManifest, ModelName } from '../../models/registry.ts';
import { iou } from './track.ts';
import type { Box, Detections, PersonDetection, PoseEstimate } from './types.ts';

export const WORKER_ROLE = 'touchpoint-detect';
/** Poses per frame at most: each is one more model pass on this worker's frame. */
const MAX_POSES = 4;
/** A detection overlapping a pose box at least this much is taken as that person's box now. */
const MIN_POSE_IOU = 0.2;

export interface WorkerConfig {
  role: typeof WORKER_ROLE;
  persons: boolean;
  faces: boolean;
  expressions: boolean;
  poses: boolean;
  minPersonScore: number;
  weakPersonScore: number | null;
  minFaceScore: number;
  faceInputSize: number;
  backend: BackendPreference;
  /** Tests only: a manifest other than models/manifest.json. */
  manifest?: ModelManifest;
}

export type ToWorker = {
  type: 'detect';
  id: number;
  width: number;
  height: number;
  rgb: Uint8Array;
  persons: boolean;
  faces: boolean;
  expressions: boolean;
  zones: Box[] | null;
  /** People to estimate a pose for: each is matched to this frame's detected box that overlaps it most. */
  poseBoxes: Box[];
};

export type FromWorker =
  | { type: 'ready'; backend: BackendName; models: ModelName[]; loadMs: number }
  | { type: 'failed'; name: string; message: string }
  | { type: 'result'; id: number; detections: Detections }
  | { type: 'error'; id: number; message: string };

class DetectWorker {
  readonly #persons: CenternetPersonDetector | null;
  readonly #faces: FaceDetector | null;
  readonly #poses: MovenetPoseEstimator | null;

  constructor(private readonly config: WorkerConfig) {
    this.#persons = config.persons ? new CenternetPersonDetector({ minScore: Math.min(config.minPersonScore, config.weakPersonScore ?? 1) }) : null;
    this.#poses = config.poses ? new MovenetPoseEstimator() : null;
    this.#faces = config.faces ? new FaceDetector({ inputSize: config.faceInputSize, minScore: config.minFaceScore, expressions: config.expressions }) : null;
  }

  async load(): Promise<{ backend: BackendName; models: ModelName[] }> {
    const backend = await initBackend(this.config.backend);
    const options = this.config.manifest ? { manifest: this.config.manifest } : {};
    await this.#persons?.load(options);
    await this.#faces?.load(options);
    await this.#poses?.load(options);
    // One pass on a blank frame: the first inference compiles kernels and grows wasm memory.
    const warmUp: ToWorker = {
      type: 'detect', id: 0, width: 640, height: 480, rgb: new Uint8Array(640 * 480 * 3), persons: true, faces: true, expressions: this.config.expressions, zones: null,
      poseBoxes: [{ x: 0.4, y: 0.2, w: 0.2, h: 0.6 }],
    };
    await this.detect(warmUp);
    return { backend, models: this.loadedModels() };
  }

  loadedModels(): ModelName[] {
    return [...(this.#persons?.loadedModels() ?? []), ...(this.#faces?.loadedModels() ?? []), ...(this.#poses?.loadedModels() ?? [])];
  }

  /** A pose per box asked for, on the crop of this frame's detection that overlaps it most (or the box itself). */
  async #estimatePoses(image: tf.Tensor3D, boxes: readonly Box[], persons: readonly PersonDetection[]): Promise<PoseEstimate[]> {
    const estimates: PoseEstimate[] = [];
    for (const asked of boxes.slice(0, MAX_POSES)) {
      let box = asked;
      let best = MIN_POSE_IOU;
      for (const person of persons) {
        const overlap = iou(asked, person.box);
        if (overlap >= best) [box, best] = [person.box, overlap];
      }
      estimates.push({ box, pose: await this.#poses!.estimate(image, box) });
    }
    return estimates;
  }

  async detect(job: ToWorker): Promise<Detections> {
    const started = performance.now();
    const image = tf.tensor3d(job.rgb, [job.height, job.width, 3], 'int32');
    try {
      const all = job.persons && this.#persons ? await this.#persons.detect(image) : [];
      const persons = all.filter((person) => person.score >= this.config.minPersonScore);
      const weakPersons = all.filter((person) => person.score < this.config.minPersonScore);
      const faces = job.faces && this.#faces ? await this.#faces.detect(image, { expressions: job.expressions, zones: job.zones }) : [];
      const poses = this.#poses ? await this.#estimatePoses(image, job.poseBoxes, persons) : [];
      return { persons, weakPersons, faces, poses, inferenceMs: performance.now() - started };
    } finally {
      image.dispose();
    }
  }
}

function errorText(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

async function main(port: NonNullable<typeof parentPort>, config: WorkerConfig): Promise<void> {
  const send = (message: FromWorker) => port.postMessage(message);
  const worker = new DetectWorker(config);
  const started = performance.now();
  try {
    const { backend, models } = await worker.load();
    send({ type: 'ready', backend, models, loadMs: performance.now() - started });
  } catch (error) {
    send({ type: 'failed', ...errorText(error) });
    return;
  }
  // One frame at a time, in arrival order: inferenceMs then measures this frame alone.
  let queue = Promise.resolve();
  port.on('message', (job: ToWorker) => {
    queue = queue.then(async () => {
      try {
        send({ type: 'result', id: job.id, detections: await worker.detect(job) });
      } catch (error) {
        send({ type: 'error', id: job.id, message: errorText(error).message });
      }
    });
  });
}

const config = workerData as WorkerConfig | undefined;
if (parentPort && config?.role === WORKER_ROLE) void main(parentPort, config);
