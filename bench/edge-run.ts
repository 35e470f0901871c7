/**
 * What the edge bench's sections share: the clip, a raw detect() run on frames in memory, and a run
 * of the live pipeline (CameraPipeline + runFrames) over a stream of frames, with its CPU split.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { edgeConfigSchema, type CameraConfig, type EdgeConfig } from '../edge/config.ts';
import type { Logger } from '../edge/logger.ts';
import { Capture, type CaptureOptions } from '../edge/pipeline/capture.ts';
import { DetectorPool, type DetectOptions } from '../edge/pipeline/detect.ts';
import type { Detections, Frame } from '../edge/pipeline/types.ts';
import { CameraPipeline, runFrames, type FrameResult } from '../edge/run-camera.ts';
import { cpuMeter, type CpuSplit } from './cpu-meter.ts';
import { fmt } from './lib.ts';

export const CLIP = fileURLToPath(new URL('../edge/samples/lobby.mp4', import.meta.url));
export const CLIP_NAME = 'edge/samples/lobby.mp4';
export const FPS = 15;
export const WIDTH = 640;
export const HEIGHT = 480;
/** Untimed detections per worker before each raw measurement. */
export const WARMUP_PER_WORKER = 2;
/** Other processes using more than this share of the machine make a ratio unreliable: say so. */
export const NOISY_SHARE = 0.15;

export const out = (line = '') => process.stdout.write(line + '\n');
export const workersLabel = (w: number) => `${w} worker${w > 1 ? 's' : ''}`;

// ---------------------------------------------------------------------------------------------
// raw model speed

export interface RawResult {
  workers: number;
  inflight: number;
  frames: number;
  seconds: number;
  msPerFrame: number;
  fps: number;
  /** Mean time inside the worker per frame (the models alone, no messaging). */
  inferenceMs: number;
  /** Share of the workers' wall time spent inside a detection. */
  busy: number;
  /** Other processes' share of the machine's CPU during the run (null where /proc is missing). */
  othersShare: number | null;
}

export async function startPool(label: string, options: ConstructorParameters<typeof DetectorPool>[0]): Promise<{ pool: DetectorPool; backend: string; loadS: number }> {
  const started = performance.now();
  const pool = new DetectorPool(options);
  const { backend } = await pool.start();
  const loadS = (performance.now() - started) / 1000;
  out(`   (${label}: ${options.workers} worker${options.workers === 1 ? '' : 's'} started on ${backend} in ${fmt(loadS, 1)} s)`);
  return { pool, backend, loadS };
}

/**
 * `perWorker × workers` timed detections with `inflight` outstanding at any time, after an untimed
 * warm-up. The lanes start a fraction of a detection apart, as frames arriving one by one would
 * (on this machine lanes that run in phase were ~6 % slower: both workers hit the same layers at
 * once). Throughput is taken between completions, so the lanes' start and end are not counted.
 * `options` may depend on the frame (e.g. pose boxes of the people on it).
 */
export async function rawRun(pool: DetectorPool, frames: Frame[], perWorker: number, inflight: number, options: DetectOptions | ((frame: Frame) => DetectOptions)): Promise<RawResult> {
  const optionsFor = typeof options === 'function' ? options : () => options;
  const workers = pool.options.workers;
  const t0 = performance.now();
  await pool.detect(frames[0]!, optionsFor(frames[0]!));
  const singleMs = performance.now() - t0;
  const warm = WARMUP_PER_WORKER * workers;
  const total = warm + perWorker * workers;
  const completions: { at: number; inferenceMs: number }[] = [];
  let meter: ReturnType<typeof cpuMeter> | null = null;
  let next = 0;
  const lane = async (index: number) => {
    await new Promise((resolve) => setTimeout(resolve, (index * singleMs) / inflight));
    while (next < total) {
      const frame = frames[next++ % frames.length]!;
      const { inferenceMs } = await pool.detect(frame, optionsFor(frame));
      completions.push({ at: performance.now(), inferenceMs });
      if (completions.length === warm) meter = cpuMeter(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: inflight }, (_, index) => lane(index)));
  const measured = completions.slice(warm);
  const seconds = (completions.at(-1)!.at - completions[warm - 1]!.at) / 1000;
  const inferenceMs = measured.reduce((sum, c) => sum + c.inferenceMs, 0);
  const cpu = (meter as ReturnType<typeof cpuMeter> | null)?.stop(inferenceMs) ?? null;
  return {
    workers, inflight, frames: measured.length, seconds, msPerFrame: (seconds * 1000) / measured.length, fps: measured.length / seconds,
    inferenceMs: inferenceMs / measured.length, busy: inferenceMs / 1000 / (seconds * workers),
    othersShare: cpu?.othersS != null && cpu.capacityS ? cpu.othersS / cpu.capacityS : null,
  };
}

/** Other processes' share of the machine, flagged when it is large enough to skew a ratio. */
export function othersNote(share: number | null): string {
  if (share === null) return '';
  return `, others ${fmt(share * 100)}%${share > NOISY_SHARE ? ' ⚠ busy machine' : ''}`;
}

export function rawLine(label: string, r: RawResult, extra = ''): string {
  return `   ${label.padEnd(44)} ${fmt(r.msPerFrame, 1).padStart(6)} ms/frame ${fmt(r.fps, 2).padStart(6)} fps  (in-worker ${fmt(r.inferenceMs)} ms${othersNote(r.othersShare)})${extra}`;
}

// ---------------------------------------------------------------------------------------------
// the pipeline

/** What a pipeline run may change from the live defaults. */
export interface PipelineSettings {
  refreshS?: number;
  /** `detection.poses`: the fall detector's candidates get poses (needs a pool started with `poses`). */
  poses: boolean;
}

export function benchConfig(settings: PipelineSettings = { poses: false }): { config: EdgeConfig; camera: CameraConfig } {
  // The live defaults (edge/config.ts), one camera on the clip at its own 15 fps, one whole-frame queue zone.
  const config = edgeConfigSchema.parse({
    branchId: 'bench', nodeId: 'bench', broker: { url: 'mqtt://unused', username: 'bench' },
    detection: { poses: settings.poses, ...(settings.refreshS === undefined ? {} : { refreshS: settings.refreshS }) },
    cameras: [{ id: 'bench', source: CLIP, fps: FPS, width: WIDTH, height: HEIGHT, zones: [{ id: 'hall', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]], queue: true }] }],
  });
  return { config, camera: config.cameras[0]! };
}

export interface PipelineResult {
  workers: number;
  frames: number;
  detected: number;
  failed: number;
  seconds: number;
  fps: number;
  capped: boolean;
  /** Sum of in-worker detection time. */
  inferenceMs: number;
  cpu: CpuSplit;
  /** ffmpeg restarts during the run (e.g. the clip was rewritten while it was read); the numbers are then suspect. */
  captureRestarts?: number;
  captureError?: string;
  /** Main-thread ms per frame in begin() (mask, gate, copy + postMessage) and finish() (track, zones, analyzers). */
  beginMs: number;
  finishMs: number;
}

/** CameraPipeline with its two stages timed on the main thread. */
class TimedPipeline extends CameraPipeline {
  beginMs = 0;
  finishMs = 0;

  override begin(frame: Frame): Promise<Detections | null> | null {
    const started = performance.now();
    try {
      return super.begin(frame);
    } finally {
      this.beginMs += performance.now() - started;
    }
  }

  override async finish(...args: Parameters<CameraPipeline['finish']>): ReturnType<CameraPipeline['finish']> {
    const started = performance.now();
    try {
      return await super.finish(...args);
    } finally {
      this.finishMs += performance.now() - started;
    }
  }
}

export type Detect = (frame: Frame, options?: DetectOptions) => Promise<Detections>;

export interface PipelineRunOptions {
  pool: DetectorPool;
  frames: AsyncIterable<Frame>;
  ffmpegPid?: () => number | undefined;
  settings?: PipelineSettings;
  /** What the pipeline calls instead of `pool.detect` (to count or change what it asks for). */
  detect?: Detect;
  /** Every frame's result, in order. */
  onResult?: (result: FrameResult) => void;
  capS: number;
  log: Logger;
}

/**
 * Frames through CameraPipeline + runFrames with depth = workers, timed from the first frame handed
 * to the pipeline to the last result; stops taking frames after `capS` seconds.
 */
export async function pipelineRun(options: PipelineRunOptions): Promise<PipelineResult> {
  const { pool, capS, log } = options;
  const workers = pool.options.workers;
  const { config, camera } = benchConfig(options.settings);
  const detect: Detect = options.detect ?? ((frame, detectOptions) => pool.detect(frame, detectOptions));
  let inferenceMs = 0;
  let failed = 0;
  const detector = {
    detect: (frame: Frame, detectOptions?: DetectOptions) =>
      detect(frame, detectOptions).then(
        (d) => ((inferenceMs += d.inferenceMs), d),
        (error: unknown) => {
          failed++;
          throw error;
        },
      ),
  };
  const pipeline = new TimedPipeline({ camera, config, detector, depth: workers, publish: async () => {}, log });
  let started = 0;
  let capped = false;
  let meter: ReturnType<typeof cpuMeter> | null = null;
  const source = options.frames;
  async function* timed(): AsyncGenerator<Frame> {
    for await (const frame of source) {
      if (!started) {
        started = performance.now();
        meter = cpuMeter(options.ffmpegPid ?? (() => undefined));
      } else if (performance.now() - started > capS * 1000) {
        capped = true;
        return; // leaving the loop stops the capture
      }
      yield frame;
    }
  }
  let frames = 0;
  let detected = 0;
  await runFrames(timed(), pipeline, workers, (result) => {
    frames++;
    if (result.detected) detected++;
    options.onResult?.(result);
    meter?.sample(); // keep ffmpeg's CPU time fresh until the end
  });
  const seconds = started ? (performance.now() - started) / 1000 : 0;
  const cpu = meter ? (meter as ReturnType<typeof cpuMeter>).stop(inferenceMs) : cpuMeter(() => undefined).stop(0);
  return {
    workers, frames, detected, failed, seconds, fps: seconds > 0 ? frames / seconds : 0, capped, inferenceMs, cpu,
    beginMs: frames ? pipeline.beginMs / frames : 0, finishMs: frames ? pipeline.finishMs / frames : 0,
  };
}

/** A Capture (pace asap) decoded straight through the live pipeline; ffmpeg restarts are reported. */
export async function captureRun(capture: Omit<CaptureOptions, 'pace' | 'log'>, run: Omit<PipelineRunOptions, 'frames' | 'ffmpegPid'>): Promise<PipelineResult> {
  const source = new Capture({ ...capture, pace: 'asap', log: run.log });
  let lastError: string | undefined;
  source.onState((_state, status) => (lastError = status.error ?? lastError)); // a frame clears status().error
  try {
    const result = await pipelineRun({ ...run, frames: source.frames(), ffmpegPid: () => source.pid });
    const { restarts } = source.status();
    return restarts ? { ...result, captureRestarts: restarts, captureError: lastError ?? 'no ffmpeg message' } : result;
  } finally {
    await source.stop();
  }
}

export const busyOf = (r: PipelineResult) => (r.seconds > 0 ? r.inferenceMs / 1000 / (r.seconds * r.workers) : Number.NaN);
export const inWorkerMsOf = (r: PipelineResult) => (r.detected ? r.inferenceMs / r.detected : Number.NaN);
