/**
 * `npm run eval -- --events`: every event a live edge node would publish over one video or a
 * folder of them, with time taken from the frames, and — given a labels file — the distress
 * events scored against the labelled episodes (event-score.ts).
 *
 * The node is an edge config's camera (`--config FILE [--camera ID]`, the file's settings and that
 * camera's zones, masks and rate) or, by default, every default with the whole frame as one zone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EventData, EventType } from '../../protocol/events.ts';
import type { Logger } from '../logger.ts';
import { scoreEvents, type EventScoreSummary, type RunVideo } from './event-score.ts';
import { clipName, parseLabels } from './labels.ts';
import { evalConfig, VideoRunner, WHOLE_FRAME } from './video-run.ts';

const VIDEO_EXTENSIONS = new Set(['.mp4', '.avi', '.mkv', '.mov', '.webm', '.m4v', '.mpg', '.mpeg']);

/** An event the node would have published, `tS` seconds from its video's start. */
export interface EvalEvent {
  clip: string;
  type: EventType;
  tS: number;
  data: EventData<EventType>;
}

export interface EventEvalOptions {
  videos: readonly string[];
  /** An edge config file (JSON) whose settings and camera to use. */
  config?: string;
  /** That config's camera (default: its first). */
  camera?: string;
  /** Analysis frames per second (default: the camera's). */
  fps?: number;
  workers?: number;
  log: Logger;
}

export interface EventEvalRun {
  videos: RunVideo[];
  events: EvalEvent[];
  frames: number;
  wallS: number;
}

/** The video files of a folder, by name. */
export function videosIn(dir: string): string[] {
  const files = readdirSync(dir).filter((name) => VIDEO_EXTENSIONS.has(path.extname(name).toLowerCase())).sort();
  if (files.length === 0) throw new Error(`no video files in ${dir} (${[...VIDEO_EXTENSIONS].join(', ')})`);
  return files.map((name) => path.join(dir, name));
}

/** The camera settings and the rest of the config a run uses. */
function nodeSettings(options: Pick<EventEvalOptions, 'config' | 'camera' | 'fps'>): { camera: Record<string, unknown>; base: Record<string, unknown> } {
  const rate = options.fps ? { fps: options.fps } : {};
  if (!options.config) return { camera: { zones: [{ id: 'eval', polygon: WHOLE_FRAME }], ...rate }, base: {} };
  const { cameras = [], ...base } = JSON.parse(readFileSync(options.config, 'utf8')) as { cameras?: { id?: string }[] } & Record<string, unknown>;
  const camera = options.camera ? cameras.find((c) => c.id === options.camera) : cameras[0];
  if (!camera) throw new Error(options.camera ? `${options.config} has no camera ${options.camera}` : `${options.config} has no camera`);
  return { camera: { ...camera, ...rate }, base };
}

/** Runs every video; `onEvent` sees each event as the node would have published it. */
export async function runEventEval(options: EventEvalOptions, onEvent: (event: EvalEvent) => void = () => {}): Promise<EventEvalRun> {
  const { camera, base } = nodeSettings(options);
  const runner = new VideoRunner({ config: evalConfig(camera, base, options.workers), log: options.log });
  const run: EventEvalRun = { videos: [], events: [], frames: 0, wallS: 0 };
  await runner.start();
  try {
    for (const video of options.videos) {
      const clip = clipName(video);
      const done = await runner.run(video, (result) => {
        for (const { type, data } of result.events) {
          const event: EvalEvent = { clip, type, tS: Math.round(result.frame.tMs) / 1000, data };
          run.events.push(event);
          onEvent(event);
        }
      });
      run.videos.push({ clip, seconds: done.info.durationS ?? done.frames / Math.max(1, done.info.fps) });
      run.frames += done.frames;
      run.wallS += done.wallS;
    }
  } finally {
    await runner.stop();
  }
  return run;
}

/** The distress events of a run scored against a labels CSV. */
export function scoreRun(run: EventEvalRun, labelsFile: string): EventScoreSummary {
  const distress = run.events.flatMap((event) =>
    event.type === 'tp.distress.detected' ? [{ clip: event.clip, kind: (event.data as EventData<'tp.distress.detected'>).kind, tS: event.tS }] : [],
  );
  return scoreEvents(parseLabels(readFileSync(labelsFile, 'utf8')), run.videos, distress, analysedFps(run));
}

export function analysedFps(run: Pick<EventEvalRun, 'frames' | 'wallS'>): number {
  return run.wallS > 0 ? Math.round((run.frames / run.wallS) * 10) / 10 : 0;
}

/** One JSON line per event: type, kind, severity, confidence, zone and time, then the whole data. */
export function eventLine(event: EvalEvent, withClip: boolean): string {
  const data = event.data as Partial<EventData<'tp.distress.detected'>>;
  const head = {
    ...(withClip ? { clip: event.clip } : {}),
    type: event.type,
    ...(data.kind ? { kind: data.kind, severity: data.severity, confidence: data.confidence } : {}),
    zoneId: data.zoneId,
    tS: event.tS,
  };
  return JSON.stringify({ ...head, data: event.data });
}
