/**
 * `npm run eval -- --video FILE --gt FILE [--zone x1,y1,x2,y2,...] [--json]`
 * `npm run eval -- --events (--video FILE | --dir DIR) [--labels FILE] [--config FILE [--camera ID]] [--json]`
 *
 * Counts: runs the live edge pipeline (same stages, same defaults) over a video as fast as it can, with
 * time taken from the frames, and compares each frame's live person count in the zone (what the
 * node reports on that frame: steadied over `detection.countWindowMs`) with a
 * MOTChallenge ground truth (`frame,id,x,y,w,h,...`, frames 1-based; a box counts where its foot
 * point is in the zone). The zone is normalised (0-1) or in pixels, and defaults to the whole frame.
 * Prints frames, count MAE, RMSE, mean ground-truth and predicted counts and the analysed fps;
 * with --json the last line is one JSON object with those fields.
 * Options: --workers N (default: the edge default), --fps N (analyse fewer frames than the video has).
 *
 * Events: prints every event the node would publish (evaluation/event-eval.ts), one JSON line each,
 * then a summary line; with --labels (CSV `clip,kind,startS,lyingS,endS`) the distress events are
 * scored: hits, duplicates, false alarms, delays (evaluation/event-score.ts); with --json the last
 * line is the summary as one object.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analysedFps, eventLine, runEventEval, scoreRun, videosIn } from './evaluation/event-eval.ts';
import { formatEventScore } from './evaluation/event-score.ts';
import { evalConfig, VideoRunner } from './evaluation/video-run.ts';
import { probeVideo } from './ffmpeg.ts';
import { createLogger } from './logger.ts';
import { footPoint } from './pipeline/types.ts';
import { insidePolygon, type Polygon } from './pipeline/zones.ts';

export interface CountScore {
  frames: number;
  mae: number;
  rmse: number;
  meanGt: number;
  meanPred: number;
  fps: number;
}

/** Ground-truth people per video frame (0-based), counted by foot point in the zone. */
export function groundTruthCounts(text: string, size: { width: number; height: number }, zone: Polygon): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(',').map(Number);
    if (fields.length < 6 || fields.slice(0, 6).some(Number.isNaN)) continue;
    const [frame, , x, y, w, h] = fields as [number, number, number, number, number, number];
    const foot = footPoint({ x: x / size.width, y: y / size.height, w: w / size.width, h: h / size.height });
    if (insidePolygon(foot.x, foot.y, zone)) counts.set(frame - 1, (counts.get(frame - 1) ?? 0) + 1);
    else if (!counts.has(frame - 1)) counts.set(frame - 1, 0);
  }
  return counts;
}

export function scoreCounts(pairs: readonly { gt: number; pred: number }[], seconds: number): CountScore {
  const n = pairs.length;
  const sum = (f: (p: { gt: number; pred: number }) => number) => pairs.reduce((total, p) => total + f(p), 0);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    frames: n,
    mae: n ? round(sum((p) => Math.abs(p.pred - p.gt)) / n) : 0,
    rmse: n ? round(Math.sqrt(sum((p) => (p.pred - p.gt) ** 2) / n)) : 0,
    meanGt: n ? round(sum((p) => p.gt) / n) : 0,
    meanPred: n ? round(sum((p) => p.pred) / n) : 0,
    fps: seconds > 0 ? Math.round((n / seconds) * 10) / 10 : 0,
  };
}

export function parseZone(text: string | undefined, size: { width: number; height: number }): Polygon {
  if (!text) return [[0, 0], [1, 0], [1, 1], [0, 1]];
  const values = text.split(',').map(Number);
  if (values.length < 6 || values.length % 2 || values.some(Number.isNaN)) throw new Error('--zone takes x1,y1,x2,y2,x3,y3,... (at least three points)');
  const pixels = values.some((v) => v > 1);
  const points: [number, number][] = [];
  for (let i = 0; i < values.length; i += 2) points.push(pixels ? [values[i]! / size.width, values[i + 1]! / size.height] : [values[i]!, values[i + 1]!]);
  return points;
}

export async function evaluateCounts(options: { video: string; gt: string; zone?: string; fps?: number; workers?: number }): Promise<CountScore> {
  const info = await probeVideo(options.video);
  const zone = parseZone(options.zone, info);
  const truth = groundTruthCounts(readFileSync(options.gt, 'utf8'), info, zone);
  // The defaults of a live edge node, with this video as its one camera and one zone, analysed at the video's rate.
  const config = evalConfig({ fps: Math.min(options.fps ?? info.fps, 30), zones: [{ id: 'eval', polygon: zone, queue: true }] }, {}, options.workers);
  const runner = new VideoRunner({ config, log: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  const pairs: { gt: number; pred: number }[] = [];
  const lastFrame = Math.max(...truth.keys(), Math.floor((info.durationS ?? 0) * info.fps) - 1);
  await runner.start();
  try {
    const run = await runner.run(options.video, (result) => {
      const videoFrame = Math.round((result.frame.tMs / 1000) * info.fps);
      if (videoFrame > lastFrame) return;
      pairs.push({ gt: truth.get(videoFrame) ?? 0, pred: result.zoneCounts.eval ?? 0 });
    });
    return scoreCounts(pairs, run.wallS);
  } finally {
    await runner.stop();
  }
}

const USAGE = `usage:
  npm run eval -- --video FILE --gt FILE [--zone x1,y1,x2,y2,...] [--fps N] [--workers N] [--json]
  npm run eval -- --events (--video FILE | --dir DIR) [--labels FILE] [--config FILE [--camera ID]] [--fps N] [--workers N] [--json]
  npm run eval -- kb --queries FILE.csv [--cv K] [--json]
`;

/** `--events`: each event as a JSON line, then the summary (scored when labels are given). */
async function mainEvents(values: Record<string, string | boolean | undefined>): Promise<void> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const videos = text('dir') ? videosIn(text('dir')!) : [text('video')!];
  const fps = text('fps') ? Number(text('fps')) : undefined;
  const workers = text('workers') ? Number(text('workers')) : undefined;
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const many = videos.length > 1;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const run = await runEventEval({ videos, config: text('config'), camera: text('camera'), fps, workers, log }, (event) => out(eventLine(event, many)));
  const labels = text('labels');
  if (labels) {
    const summary = scoreRun(run, labels);
    for (const line of formatEventScore(summary)) out(line);
    if (values.json) out(JSON.stringify(summary));
    return;
  }
  const byKind: Record<string, number> = {};
  for (const event of run.events) {
    const kind = (event.data as { kind?: string }).kind ?? event.type;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  const seconds = Math.round(run.videos.reduce((sum, video) => sum + video.seconds, 0) * 100) / 100;
  const summary = { events: run.events.length, byKind, videos: run.videos.length, seconds, fps: analysedFps(run) };
  out(`${summary.events} events (${Object.entries(byKind).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'}) over ${summary.videos} video(s), ${seconds} s, ${summary.fps} fps analysed`);
  if (values.json) out(JSON.stringify(summary));
}

/** The video evaluations; `args` as after `npm run eval --` (bench/eval.ts hands them over). */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      video: { type: 'string' }, gt: { type: 'string' }, zone: { type: 'string' }, json: { type: 'boolean', default: false }, fps: { type: 'string' }, workers: { type: 'string' },
      events: { type: 'boolean', default: false }, dir: { type: 'string' }, labels: { type: 'string' }, config: { type: 'string' }, camera: { type: 'string' },
    },
  });
  if (values.events) {
    if (!values.video === !values.dir) {
      process.stderr.write(`--events takes one of --video FILE or --dir DIR\n${USAGE}`);
      process.exit(2);
    }
    return mainEvents(values);
  }
  if (!values.video || !values.gt) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const score = await evaluateCounts({
    video: values.video, gt: values.gt, zone: values.zone,
    fps: values.fps ? Number(values.fps) : undefined, workers: values.workers ? Number(values.workers) : undefined,
  });
  const lines = [
    `frames      ${score.frames}`,
    `count MAE   ${score.mae}`,
    `count RMSE  ${score.rmse}`,
    `mean GT     ${score.meanGt}`,
    `mean pred   ${score.meanPred}`,
    `analysed    ${score.fps} fps`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (values.json) process.stdout.write(JSON.stringify(score) + '\n');
}
