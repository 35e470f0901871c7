/**
 * Runs the live edge pipeline over a video file as fast as it can, with time taken from the
 * frames: the same stages (capture, mask, motion gate, detection workers, tracking, zones,
 * analysers) and the same configuration and defaults as an edge node whose one camera is this
 * video. The detection workers start once and serve every video of a run.
 *
 *   const runner = new VideoRunner({ config });            // an edge config; see evalConfig()
 *   await runner.start();
 *   const run = await runner.run('clip.mp4', (result) => …); // each frame's result, in order
 *   await runner.stop();
 */
import { edgeConfigSchema, type CameraConfig, type EdgeConfig } from '../config.ts';
import { probeVideo, type VideoInfo } from '../ffmpeg.ts';
import type { Logger } from '../logger.ts';
import { Capture } from '../pipeline/capture.ts';
import { DetectorPool } from '../pipeline/detect.ts';
import { CameraPipeline, runFrames, type FrameResult } from '../run-camera.ts';

export interface VideoRun {
  info: VideoInfo;
  /** Frames analysed. */
  frames: number;
  /** Wall-clock seconds the run took. */
  wallS: number;
}

/** The whole frame as one zone, in normalised coordinates. */
export const WHOLE_FRAME: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1]];

/**
 * An edge config for evaluation: a config file's settings (`base`, or every default), with one
 * camera, `camera` (its settings as in a config file: zones, fps, masks, ...), that reads the
 * video; its source, width and height are set per video by the runner.
 */
export function evalConfig(camera: Record<string, unknown>, base: Record<string, unknown> = {}, workers?: number): EdgeConfig {
  const detection = { ...(base.detection as object | undefined), ...(workers ? { workers } : {}) };
  return edgeConfigSchema.parse({
    branchId: 'eval', nodeId: 'eval', broker: { url: 'mqtt://unused', username: 'eval' },
    ...base,
    detection,
    cameras: [{ id: 'eval', source: 'unused', ...camera }],
    kiosks: [],
  });
}

export class VideoRunner {
  readonly #config: EdgeConfig;
  readonly #log: Logger;
  readonly #detector: DetectorPool;

  constructor(options: { config: EdgeConfig; log: Logger }) {
    this.#config = options.config;
    this.#log = options.log;
    const { detection } = this.#config;
    // Faces only where the branch and a zone both switched expressions on, as on a live node.
    const faces = detection.expressions && this.#camera.zones.some((zone) => zone.expressions);
    this.#detector = new DetectorPool({
      workers: detection.workers, persons: true, faces, expressions: faces, poses: detection.poses, minPersonScore: detection.minPersonScore, weakPersonScore: detection.weakPersonScore, log: options.log,
    });
  }

  get #camera(): CameraConfig {
    return this.#config.cameras[0]!;
  }

  async start(): Promise<void> {
    await this.#detector.start();
  }

  async stop(): Promise<void> {
    await this.#detector.stop();
  }

  /** Runs one video through a fresh pipeline; `onResult` gets every frame's result in order. */
  async run(video: string, onResult: (result: FrameResult, info: VideoInfo) => void): Promise<VideoRun> {
    const info = await probeVideo(video);
    // The camera's own analysis rate (the default unless configured), never above the video's.
    const camera: CameraConfig = { ...this.#camera, source: video, width: info.width, height: info.height, fps: Math.min(this.#camera.fps, info.fps) };
    const { workers } = this.#config.detection;
    const pipeline = new CameraPipeline({ camera, config: this.#config, detector: this.#detector, depth: workers, publish: async () => {}, log: this.#log });
    const capture = new Capture({ cameraId: camera.id, source: video, fps: camera.fps, width: info.width, height: info.height, pace: 'asap', log: this.#log });
    let frames = 0;
    const started = performance.now();
    try {
      await runFrames(capture.frames(), pipeline, workers, (result) => {
        frames++;
        onResult(result, info);
      });
    } finally {
      await capture.stop();
    }
    return { info, frames, wallS: (performance.now() - started) / 1000 };
  }
}
