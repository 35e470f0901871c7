/**
 * Detection stage: a pool of worker threads (detect-worker.ts), each with its own tfjs engine and
 * its own copy of the models, loaded once in `start()`. The wasm backend uses one core per
 * thread, so the pool is how detection uses more than one core.
 *
 *   const pool = new DetectorPool({ workers: 2, persons: true, faces: false, expressions: false, log });
 *   const { backend } = await pool.start();            // 'wasm' here; 'tensorflow' where tfjs-node loads
 *   const { persons, faces, inferenceMs } = await pool.detect(frame);
 *   await pool.stop();
 *
 * Frames: `detect()` copies `frame.rgb` once (the caller keeps its frame and may reuse the buffer
 * as soon as `detect()` returns); `{ transfer: true }` hands the buffer over instead — no copy, but
 * `frame.rgb` is then detached (length 0) in the caller. Frames never leave process memory.
 *
 * Dispatch: the ready worker with the fewest frames in flight (ties round-robin). A worker that
 * dies (or exceeds `timeoutMs` on a frame, and is then terminated) has its pending frames rejected
 * with DetectorWorkerError and is replaced, with back-off if replacements keep failing.
 *
 * Privacy: with `expressions: false` the expression net is never read or loaded by any worker
 * (`loadedModels()` reports what each worker really holds); with `faces: false` no face model is.
 * A pose is keypoints of a body (no face, no identity), and the crop it came from stays in the worker.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BackendName } from '../../models/backend.ts';
import type { ModelManifest, ModelName } from '../../models/registry.ts';
import { WORKER_ROLE, type FromWorker, type ToWorker, type WorkerConfig } from './detect-worker.ts';
import type { Box, Detections, Frame } from './types.ts';

export const detectorPoolSchema = z
  .strictObject({
    workers: z.number().int().min(1).max(16).default(Math.min(2, availableParallelism())).describe('worker threads; each holds its own models'),
    persons: z.boolean().describe('load the person detector (CenterNet)'),
    faces: z.boolean().describe('load the tiny face detector'),
    expressions: z.boolean().describe('load the expression net (off by default for privacy; needs faces)'),
    poses: z.boolean().default(false).describe('load the pose model (MoveNet Lightning), for the people the fall detector asks about'),
    minPersonScore: z.number().min(0.05).max(0.95).default(0.3),
    weakPersonScore: z.number().min(0.05).max(0.95).nullable().default(null).describe('also return person detections scoring at least this (below minPersonScore) as `weakPersons`; null: none'),
    minFaceScore: z.number().min(0.05).max(0.95).default(0.4),
    faceInputSize: z.number().int().min(128).max(1024).multipleOf(32).default(512).describe('tiny face detector input; CenterNet is fixed at 512'),
    backend: z.enum(['auto', 'wasm', 'tensorflow']).default('auto'),
    timeoutMs: z.number().int().positive().default(15_000).describe('a frame taking longer (from when its worker starts it) gets the worker terminated and replaced'),
  })
  .refine((o) => !o.expressions || o.faces, { message: 'expressions need faces: true', path: ['expressions'] })
  .refine((o) => o.persons || o.faces, { message: 'nothing to detect: turn on persons or faces', path: ['persons'] });

export type DetectorPoolOptions = z.input<typeof detectorPoolSchema> & {
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Tests only: a manifest other than models/manifest.json. */
  manifest?: ModelManifest;
};

export interface DetectOptions {
  /** Run the face detector on this frame (default: the pool's `faces`). */
  faces?: boolean;
  /** Expressions for the faces found (default: the pool's `expressions`); rejected if the pool has them off. */
  expressions?: boolean;
  /**
   * Normalised regions (e.g. the bounding boxes of the customer zones that opted in): faces are looked
   * for, and expressions computed, only inside them; nothing outside is analysed, and small zones cost
   * less. Zones do not magnify: faces are seen at the whole frame's scale. Overlapping zones are
   * de-duplicated. Persons are always detected on the whole frame.
   */
  zonesOfInterest?: readonly Box[];
  /** Hand `frame.rgb`'s buffer to the worker instead of copying it (the caller's frame is then emptied). */
  transfer?: boolean;
  /**
   * People (normalised boxes, e.g. where tracks were on the last frame) to estimate a pose for, on
   * this frame's detection that overlaps each most; at most 4. Needs a pool started with `poses`.
   */
  poseBoxes?: readonly Box[];
}

export interface WorkerStatus {
  index: number;
  state: 'starting' | 'ready' | 'restarting' | 'stopped';
  pending: number;
  restarts: number;
  backend: BackendName | null;
  models: ModelName[];
}

/** A frame was not analysed because its worker died, hung, or the pool stopped. */
export class DetectorWorkerError extends Error {
  override readonly name = 'DetectorWorkerError';
}

interface Pending {
  resolve: (detections: Detections) => void;
  reject: (error: Error) => void;
  /** Only the frame the worker is on has a clock; frames queued behind it are not timed yet. */
  timer: NodeJS.Timeout | null;
}

interface Slot {
  index: number;
  worker: Worker | null;
  state: WorkerStatus['state'];
  pending: Map<number, Pending>;
  restarts: number;
  failures: number;
  backend: BackendName | null;
  models: ModelName[];
  /** Why the current worker is going away, when we are the ones ending it. */
  ending: string | null;
}

// tsx's loader is not inherited by worker threads (nor does `execArgv: ['--import', 'tsx']` work on
// Node 20): register it inside the worker, then import the TypeScript entry point.
const WORKER_URL = new URL('./detect-worker.ts', import.meta.url).href;
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); })`;
const RESTART_MS = { initial: 500, max: 30_000 };

export class DetectorPool {
  readonly options: z.infer<typeof detectorPoolSchema>;
  readonly #log: DetectorPoolOptions['log'];
  readonly #manifest: ModelManifest | undefined;
  #slots: Slot[] = [];
  #nextId = 1;
  #cursor = 0;
  #running = false;
  #backend: BackendName | null = null;
  #restartTimers = new Set<NodeJS.Timeout>();

  constructor(options: DetectorPoolOptions) {
    const { log, manifest, ...rest } = options;
    const parsed = detectorPoolSchema.safeParse(rest);
    if (!parsed.success) {
      throw new Error(`invalid detector options:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
    }
    this.options = parsed.data;
    this.#log = log;
    this.#manifest = manifest;
  }

  /** Starts every worker and waits until all have loaded their models; rejects (and stops) if any fails. */
  async start(): Promise<{ backend: BackendName; workers: number; models: ModelName[] }> {
    if (this.#running) throw new Error('detector pool already started');
    this.#running = true;
    this.#slots = Array.from({ length: this.options.workers }, (_, index) => ({
      index, worker: null, state: 'starting', pending: new Map(), restarts: 0, failures: 0, backend: null, models: [], ending: null,
    }));
    try {
      await Promise.all(this.#slots.map((slot) => this.#spawn(slot)));
    } catch (error) {
      await this.stop();
      throw error;
    }
    const first = this.#slots[0]!;
    this.#backend = first.backend;
    return { backend: first.backend!, workers: this.#slots.length, models: first.models };
  }

  /** The backend the workers run on (null before start). */
  get backend(): BackendName | null {
    return this.#backend;
  }

  /** Frames in flight across all workers. */
  get pending(): number {
    return this.#slots.reduce((sum, slot) => sum + slot.pending.size, 0);
  }

  /** The models each worker has in memory, as the worker reports them (index = worker). */
  loadedModels(): ModelName[][] {
    return this.#slots.map((slot) => [...slot.models]);
  }

  status(): WorkerStatus[] {
    return this.#slots.map(({ index, state, pending, restarts, backend, models }) => ({ index, state, pending: pending.size, restarts, backend, models: [...models] }));
  }

  detect(frame: Frame, options: DetectOptions = {}): Promise<Detections> {
    const faces = options.faces ?? this.options.faces;
    const expressions = faces && (options.expressions ?? this.options.expressions);
    const poseBoxes = options.poseBoxes ? [...options.poseBoxes] : [];
    const problem = this.#check(frame, faces, expressions, poseBoxes.length > 0);
    if (problem) return Promise.reject(new Error(problem));
    const slot = this.#pick();
    if (!slot) {
      const restarting = this.#slots.filter((s) => s.state !== 'ready').length;
      return Promise.reject(new DetectorWorkerError(this.#running ? `no detection worker is ready (${restarting} restarting)` : 'detector pool is not running'));
    }
    const { rgb, transfer } = this.#payload(frame.rgb, options.transfer === true);
    const id = this.#nextId++;
    const message: ToWorker = {
      type: 'detect', id, width: frame.width, height: frame.height, rgb,
      persons: this.options.persons, faces, expressions, zones: options.zonesOfInterest ? [...options.zonesOfInterest] : null, poseBoxes,
    };
    return new Promise<Detections>((resolve, reject) => {
      const pending: Pending = { resolve, reject, timer: null };
      slot.pending.set(id, pending);
      if (slot.pending.size === 1) this.#startClock(slot, id, pending);
      slot.worker!.postMessage(message, [transfer]);
    });
  }

  /**
   * Ends one worker as a crash would — its frames in flight are rejected, a replacement starts —
   * for tests, and for operations (e.g. recycling a worker whose memory grew).
   */
  async killWorker(index: number): Promise<void> {
    const worker = this.#slots[index]?.worker;
    if (!worker) return;
    this.#slots[index]!.ending = 'killed';
    await worker.terminate();
  }

  /** Rejects what is in flight and terminates every worker. */
  async stop(): Promise<void> {
    this.#running = false;
    for (const timer of this.#restartTimers) clearTimeout(timer);
    this.#restartTimers.clear();
    const exits = this.#slots.map(async (slot) => {
      slot.state = 'stopped';
      this.#failPending(slot, new DetectorWorkerError('detector pool stopped before the frame was analysed'));
      const worker = slot.worker;
      slot.worker = null;
      if (worker) {
        slot.ending = 'stopped';
        await worker.terminate();
      }
    });
    await Promise.all(exits);
  }

  #check(frame: Frame, faces: boolean, expressions: boolean, poses: boolean): string | null {
    const { width, height, rgb } = frame;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16) return `frame ${frame.cameraId}#${frame.seq}: bad size ${width}×${height}`;
    if (rgb.length !== width * height * 3) return `frame ${frame.cameraId}#${frame.seq}: rgb has ${rgb.length} bytes, ${width}×${height}×3 = ${width * height * 3} expected (detached by an earlier transfer?)`;
    if (faces && !this.options.faces) return 'faces asked for, but this detector pool was started without the face model';
    if (expressions && !this.options.expressions) return 'expressions asked for, but expression analysis is off in this detector pool';
    if (poses && !this.options.poses) return 'poses asked for, but this detector pool was started without the pose model';
    return null;
  }

  #payload(rgb: Uint8Array, transfer: boolean): { rgb: Uint8Array; transfer: ArrayBuffer } {
    const whole = rgb.byteOffset === 0 && rgb.byteLength === rgb.buffer.byteLength;
    if (transfer && whole && rgb.buffer instanceof ArrayBuffer) return { rgb, transfer: rgb.buffer };
    const copy = new Uint8Array(rgb); // exactly one copy, of exactly this frame (never the whole backing buffer)
    return { rgb: copy, transfer: copy.buffer };
  }

  #pick(): Slot | null {
    const ready = this.#slots.filter((slot) => slot.state === 'ready' && slot.worker);
    if (!ready.length) return null;
    const fewest = Math.min(...ready.map((slot) => slot.pending.size));
    const n = this.#slots.length;
    for (let k = 0; k < n; k++) {
      const slot = this.#slots[(this.#cursor + k) % n]!;
      if (slot.state === 'ready' && slot.worker && slot.pending.size === fewest) {
        this.#cursor = (slot.index + 1) % n;
        return slot;
      }
    }
    return null;
  }

  #spawn(slot: Slot): Promise<void> {
    const config: WorkerConfig = {
      role: WORKER_ROLE,
      persons: this.options.persons,
      faces: this.options.faces,
      expressions: this.options.expressions,
      poses: this.options.poses,
      minPersonScore: this.options.minPersonScore,
      weakPersonScore: this.options.weakPersonScore,
      minFaceScore: this.options.minFaceScore,
      faceInputSize: this.options.faceInputSize,
      backend: this.options.backend,
      ...(this.#manifest ? { manifest: this.#manifest } : {}),
    };
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: config, name: `detect-${slot.index}` });
    slot.worker = worker;
    slot.ending = null;
    slot.state = slot.restarts ? 'restarting' : 'starting';
    return new Promise<void>((resolve, reject) => {
      let started = false;
      let lastError: string | null = null;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          started = true;
          Object.assign(slot, { state: 'ready', backend: message.backend, models: message.models, failures: 0 });
          this.#log?.info({ worker: slot.index, backend: message.backend, models: message.models, loadMs: Math.round(message.loadMs) }, 'detection worker ready');
          resolve();
        } else if (message.type === 'failed') {
          lastError = `${message.name}: ${message.message}`;
          const error = new Error(message.message);
          error.name = message.name;
          slot.ending = lastError;
          void worker.terminate();
          reject(error);
        } else {
          this.#settle(slot, message);
        }
      });
      worker.on('error', (error) => {
        lastError = error.message;
      });
      worker.on('exit', (code) => {
        const why = slot.ending ?? lastError ?? `exit code ${code}`;
        if (!started) reject(new DetectorWorkerError(`detection worker ${slot.index} failed to start: ${why}`));
        if (slot.worker !== worker) return; // stopped: stop() already failed what was pending
        slot.worker = null;
        slot.models = [];
        this.#failPending(slot, new DetectorWorkerError(`detection worker ${slot.index} ended (${why}); its frame was not analysed`));
        if (this.#running && started) this.#log?.error({ worker: slot.index, reason: why }, 'detection worker died; replacing it');
        if (this.#running && (started || slot.restarts > 0)) this.#scheduleRestart(slot, started);
      });
    });
  }

  #scheduleRestart(slot: Slot, wasRunning: boolean): void {
    slot.state = 'restarting';
    slot.failures = wasRunning ? 0 : slot.failures + 1;
    const delay = wasRunning ? 0 : Math.min(RESTART_MS.max, RESTART_MS.initial * 2 ** (slot.failures - 1));
    const timer = setTimeout(() => {
      this.#restartTimers.delete(timer);
      if (!this.#running) return;
      slot.restarts++;
      this.#spawn(slot).catch((error: Error) => this.#log?.warn({ worker: slot.index, err: error.message }, 'detection worker replacement failed; retrying'));
    }, delay);
    this.#restartTimers.add(timer);
  }

  #settle(slot: Slot, message: Extract<FromWorker, { type: 'result' | 'error' }>): void {
    const pending = slot.pending.get(message.id);
    if (!pending) return;
    slot.pending.delete(message.id);
    if (pending.timer) clearTimeout(pending.timer);
    // The worker takes frames in order: the next one starts now.
    const [next] = slot.pending;
    if (next && !next[1].timer) this.#startClock(slot, next[0], next[1]);
    if (message.type === 'result') pending.resolve(message.detections);
    else pending.reject(new Error(`detection failed: ${message.message}`));
  }

  #startClock(slot: Slot, id: number, pending: Pending): void {
    pending.timer = setTimeout(() => this.#timeout(slot, id), this.options.timeoutMs);
  }

  #timeout(slot: Slot, id: number): void {
    if (!slot.pending.has(id) || !slot.worker) return;
    slot.ending = `no answer within ${this.options.timeoutMs} ms`;
    void slot.worker.terminate(); // its exit rejects everything pending there and replaces it
  }

  #failPending(slot: Slot, error: Error): void {
    for (const pending of slot.pending.values()) {
      if (pending.timer) clearTimeout(pending.timer);
      pending.reject(error);
    }
    slot.pending.clear();
  }
}
