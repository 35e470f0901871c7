/**
 * `npm run bench -- edge`: how close the edge pipeline comes to what its models can do here.
 *
 *   1. raw limit   a DetectorPool calling detect() back-to-back on frames of the sample clip that
 *                  were decoded into memory first (so decoding is not measured): persons only
 *                  (CenterNet) and faces + expressions with 1 worker, and persons with N workers and
 *                  N requests in flight. Persons with N workers is the model limit the pipeline is
 *                  held to.
 *   2. pipeline    the live pipeline (Capture pace 'asap' at the clip's 15 fps → CameraPipeline →
 *                  runFrames with depth = workers, motion gate on, the live defaults but poses off)
 *                  over the photo segments (3–27 s: every frame moves, so every frame is detected),
 *                  with 1…N workers; then the whole clip. fps ÷ raw fps for the same number of workers.
 *   3. motion gate the clip's static opening (0–3 s) looped in memory: pipeline time per frame with
 *                  the gate as configured live vs with every frame detected (refreshS tiny), and the
 *                  gate's own cost per frame.
 *   4. poses       what fall detection's poses cost (edge-poses.ts): MoveNet per person in one thread
 *                  and in the detection job with 0/1/2/4 pose boxes, and the pipeline on a six-person
 *                  scene with poses off, on, and 4 every frame.
 *
 * Sections 1–3 run with `detection.poses` off (their pool has no pose model): they measure the
 * person detector; section 4 adds the poses.
 *
 * The aim (pipeline ≥ 0.9 × raw model fps) is printed beside the measurement; missing it never fails
 * the run. A crash, a failed detection or a run with no frames does: exit code 1.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createLogger, type Logger } from '../edge/logger.ts';
import { Capture } from '../edge/pipeline/capture.ts';
import type { DetectorPool } from '../edge/pipeline/detect.ts';
import { MotionGate } from '../edge/pipeline/motion.ts';
import type { Frame } from '../edge/pipeline/types.ts';
import { describeCpu } from './cpu-meter.ts';
import {
  benchConfig, busyOf, captureRun, CLIP, CLIP_NAME, FPS, HEIGHT, inWorkerMsOf, NOISY_SHARE, othersNote, out, pipelineRun, rawLine, rawRun, startPool,
  WARMUP_PER_WORKER, WIDTH, workersLabel, type PipelineResult, type RawResult,
} from './edge-run.ts';
import { runPoseBench } from './edge-poses.ts';
import { fmt, numericFlags, round, UsageError } from './lib.ts';

/** From lobby.labels.json: static 0–3 s and 27–30 s; panning photos with people 3–27 s. */
const MOTION = { fromS: 3, toS: 27 };
const STATIC = { fromS: 0, toS: 3 };
const AIM_RATIO = 0.9;
const GATE_REPEATS = 5;
/** Distinct frames with people decoded into memory for the raw runs (and the gate's moving case). */
const DECODED_PEOPLE = 20;
/** refreshS that makes the gate ask for a detection on every frame (frames are 67 ms apart). */
const FORCE_REFRESH_S = 0.001;

const DEFAULTS = { frames: 20, workersMax: 2, seconds: 10, staticFrames: 150, poseRuns: 40 };

// ---------------------------------------------------------------------------------------------
// frames

interface Decoded {
  /** Frames with people (photo segments), spread evenly over 3–27 s. */
  people: Frame[];
  /** The static opening, 0–3 s. */
  still: Frame[];
  frames: number;
  seconds: number;
}

/** Decodes the whole clip once, asap, keeping the frames the raw and gate measurements need. */
async function predecode(peopleFrames: number): Promise<Decoded> {
  const first = MOTION.fromS * FPS;
  const span = (MOTION.toS - MOTION.fromS) * FPS;
  const wanted = new Set(Array.from({ length: peopleFrames }, (_, i) => first + Math.floor(((i + 0.5) * span) / peopleFrames)));
  const capture = new Capture({ cameraId: 'bench', source: CLIP, fps: FPS, width: WIDTH, height: HEIGHT, pace: 'asap' });
  const people: Frame[] = [];
  const still: Frame[] = [];
  let frames = 0;
  const started = performance.now();
  for await (const frame of capture.frames()) {
    frames++;
    if (frame.tMs < STATIC.toS * 1000) still.push(frame);
    else if (wanted.has(frame.seq)) people.push(frame);
  }
  const seconds = (performance.now() - started) / 1000;
  await capture.stop();
  return { people, still, frames, seconds };
}

/** Frames from memory as an async iterable, re-stamped as a continuous 15 fps stream. */
async function* looped(source: Frame[], count: number): AsyncGenerator<Frame> {
  for (let seq = 0; seq < count; seq++) {
    const frame = source[seq % source.length]!;
    // detect() copies rgb, and no mask is configured, so the bytes can be shared.
    yield { ...frame, seq, tMs: (seq * 1000) / FPS };
  }
}

/** The clip (or a part of it, by ffmpeg input seeking) decoded asap through the live pipeline. */
function clipRun(pool: DetectorPool, capS: number, log: Logger, segment?: { fromS: number; toS: number }): Promise<PipelineResult> {
  const inputArgs = segment ? ['-ss', String(segment.fromS), '-t', String(segment.toS - segment.fromS)] : [];
  return captureRun({ cameraId: 'bench', source: CLIP, fps: FPS, width: WIDTH, height: HEIGHT, inputArgs }, { pool, capS, log });
}

/**
 * The raw limit for a pipeline run: the faster of two raw runs, one in section 1 and one right after the
 * pipeline run. Other processes can only slow a run down, so the faster one is nearer the real limit,
 * and taking it never flatters the pipeline.
 */
interface RawRef {
  fps: number;
  before: RawResult;
  after: RawResult;
}

function rawRef(before: RawResult, after: RawResult): RawRef {
  return { fps: Math.max(before.fps, after.fps), before, after };
}

const coveredS = (r: PipelineResult) => r.frames / FPS;

function pipelineLines(r: PipelineResult, ref: RawRef, kind: 'segment' | 'whole'): string[] {
  const ratio = r.fps / ref.fps;
  const detectedRatio = r.detected / r.seconds / ref.fps;
  const rawBusy = (ref.before.busy + ref.after.busy) / 2;
  const rawInWorker = (ref.before.inferenceMs + ref.after.inferenceMs) / 2;
  const spread = Math.abs(ref.before.fps - ref.after.fps) / ref.fps;
  const describeRaw = (r: RawResult) => `${fmt(r.fps, 2)}${othersNote(r.othersShare).replace(', ', ' with ')}`;
  const aim = kind === 'segment' ? `;  aim ≥ ${AIM_RATIO} × raw: ${ratio >= AIM_RATIO ? '(met)' : '(MISSED)'}` : '';
  return [
    `   ${`${workersLabel(r.workers)}, depth ${r.workers}`.padEnd(20)} ${fmt(r.frames).padStart(4)} frames (${fmt(r.detected)} detected, ${fmt(coveredS(r), 1)} s of video) in ${fmt(r.seconds, 1)} s → ${fmt(r.fps, 2)} fps` +
      `${r.capped ? '  [capped by --seconds]' : ''}`,
    kind === 'segment'
      ? `     = ${fmt(ratio, 2)} × raw ${workersLabel(r.workers)} (${fmt(ref.fps, 2)} fps: the faster of ${describeRaw(ref.before)} in section 1 and ${describeRaw(ref.after)} right after this run, ${fmt(spread * 100)}% apart)${aim}`
      : `     = ${fmt(ratio, 2)} × raw ${workersLabel(r.workers)} (${fmt(ref.fps, 2)} fps, as above)`,
    `     detections/s ${fmt(detectedRatio, 2)} × raw;  workers busy ${fmt(busyOf(r) * 100)}% of the time (raw runs: ${fmt(rawBusy * 100)}%), in-worker ${fmt(inWorkerMsOf(r))} ms/frame (raw runs: ${fmt(rawInWorker)})`,
    `     main thread per frame: begin (mask, gate, copy + post) ${fmt(r.beginMs, 2)} ms, finish (track, zones, analyzers) ${fmt(r.finishMs, 2)} ms`,
    ...describeCpu(r.cpu, r.workers, NOISY_SHARE),
    ...(r.captureRestarts ? [`     ⚠ ffmpeg restarted ${r.captureRestarts} time(s) during this run (${r.captureError}): the clip was re-read, take these numbers with care`] : []),
  ];
}

function pipelineJson(r: PipelineResult, ref: RawRef) {
  return {
    workers: r.workers,
    frames: r.frames,
    detected: r.detected,
    videoS: round(coveredS(r), 1),
    seconds: round(r.seconds, 2),
    fps: round(r.fps, 2),
    rawFps: round(ref.fps, 2),
    rawFpsBefore: round(ref.before.fps, 2),
    rawFpsAfter: round(ref.after.fps, 2),
    ratioToRaw: round(r.fps / ref.fps, 3),
    capped: r.capped,
    captureRestarts: r.captureRestarts ?? 0,
    workersBusy: round(busyOf(r), 3),
    inWorkerMs: round(inWorkerMsOf(r), 1),
    beginMs: round(r.beginMs, 2),
    finishMs: round(r.finishMs, 2),
    cpuS: {
      wall: round(r.cpu.wallS, 2),
      models: round(r.cpu.inferenceS, 2),
      mainThread: round(r.cpu.mainS, 2),
      process: round(r.cpu.processS, 2),
      ffmpeg: r.cpu.ffmpegS === null ? null : round(r.cpu.ffmpegS, 2),
      others: r.cpu.othersS === null ? null : round(r.cpu.othersS, 2),
      capacity: r.cpu.capacityS === null ? null : round(r.cpu.capacityS, 2),
    },
  };
}

/** The gate alone: µs per update() over these frames (as a 15 fps stream), best of a few passes. */
function gateMicros(frames: Frame[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < GATE_REPEATS; pass++) {
    const gate = new MotionGate();
    const started = performance.now();
    for (let i = 0; i < frames.length; i++) gate.update({ ...frames[i]!, seq: i, tMs: (i * 1000) / FPS });
    best = Math.min(best, ((performance.now() - started) * 1000) / frames.length);
  }
  return best;
}

// ---------------------------------------------------------------------------------------------

export async function runEdgeBench(args: string[]): Promise<number> {
  const opts = numericFlags([...args], DEFAULTS);
  const perWorker = Math.round(opts.frames);
  const workersMax = Math.round(opts.workersMax);
  const staticFrames = Math.round(opts.staticFrames);
  if (workersMax > 16) throw new UsageError('--workers-max is at most 16');
  const capS = opts.seconds;
  const log = createLogger('warn');
  const pools = new Map<number, DetectorPool>();
  let facePool: DetectorPool | null = null;
  const problems: string[] = [];
  const startedAll = performance.now();
  try {
    const { config } = benchConfig();
    // As the live node starts it with expressions off (edge/node.ts): persons only.
    const personOptions = { persons: true, faces: false, expressions: false, minPersonScore: config.detection.minPersonScore, log } as const;
    out(`edge bench — ${os.cpus().length} cores, node ${process.version}, clip ${CLIP_NAME} (${WIDTH}×${HEIGHT}, ${FPS} fps)`);
    const decoded = await predecode(DECODED_PEOPLE);
    const decodeFps = decoded.frames / decoded.seconds;
    out(`   decoded the clip once, asap, no analysis: ${decoded.frames} frames in ${fmt(decoded.seconds, 2)} s = ${fmt(decodeFps)} fps (ffmpeg → frames: the decode limit)`);
    if (decoded.people.length === 0 || decoded.still.length === 0) throw new Error(`decoding gave ${decoded.people.length} frames with people and ${decoded.still.length} static frames`);
    out();

    // 1. raw model speed
    out(`1. Raw model speed: detect() back-to-back on ${decoded.people.length} pre-decoded ${WIDTH}×${HEIGHT} frames with people (${MOTION.fromS}–${MOTION.toS} s),`);
    out(`   ${perWorker} frames per worker after ${WARMUP_PER_WORKER} warm-up`);
    const faces = await startPool('faces + expressions pool', { workers: 1, persons: false, faces: true, expressions: true, log });
    facePool = faces.pool;
    const facesRaw = await rawRun(faces.pool, decoded.people, perWorker, 1, { faces: true, expressions: true });
    await faces.pool.stop();
    facePool = null;
    out(rawLine('faces + expressions, 1 worker', facesRaw));
    const raw = new Map<number, RawResult>();
    let backend = faces.backend;
    for (let w = 1; w <= workersMax; w++) {
      const started = await startPool('persons pool', { workers: w, ...personOptions });
      backend = started.backend;
      pools.set(w, started.pool);
      const r = await rawRun(started.pool, decoded.people, perWorker, w, { faces: false });
      raw.set(w, r);
      out(rawLine(`persons (CenterNet), ${workersLabel(w)}, ${w} in flight`, r, w === 1 ? '' : `  = ${fmt(r.fps / raw.get(1)!.fps, 2)} × 1 worker`));
    }
    out(`   persons with N workers and N in flight is the limit each pipeline run is held to (measured again right after it; the faster counts).`);
    out();

    // 2. the pipeline
    out(`2. Pipeline: Capture asap at ${FPS} fps → CameraPipeline (live defaults but poses off, motion gate on) → runFrames, depth = workers, each run capped at ${fmt(capS, 1)} s`);
    out(`   photo segments ${MOTION.fromS}–${MOTION.toS} s (people, constant motion):`);
    const segmentRuns: { run: PipelineResult; ref: RawRef }[] = [];
    for (let w = 1; w <= workersMax; w++) {
      const pool = pools.get(w)!;
      const run = await clipRun(pool, capS, log, MOTION);
      const ref = rawRef(raw.get(w)!, await rawRun(pool, decoded.people, perWorker, w, { faces: false }));
      segmentRuns.push({ run, ref });
      for (const line of pipelineLines(run, ref, 'segment')) out(line);
      if (w < workersMax) {
        await pool.stop();
        pools.delete(w);
      }
    }
    const maxPool = pools.get(workersMax)!;
    const maxRef = segmentRuns.at(-1)!.ref;
    out(`   whole clip 0–30 s (6 s of it static, where the gate skips frames: not held to the aim):`);
    const whole = { run: await clipRun(maxPool, capS, log), ref: maxRef };
    for (const line of pipelineLines(whole.run, whole.ref, 'whole')) out(line);
    out();

    // 3. motion gate
    out(`3. Motion gate on a static scene: the ${decoded.still.length} frames of ${STATIC.fromS}–${STATIC.toS} s looped to ${staticFrames} frames (${fmt(staticFrames / FPS, 1)} s of video), ${workersLabel(workersMax)}, depth ${workersMax}`);
    const gated = await pipelineRun({ pool: maxPool, frames: looped(decoded.still, staticFrames), settings: { poses: false }, capS, log });
    const forced = await pipelineRun({ pool: maxPool, frames: looped(decoded.still, staticFrames), settings: { poses: false, refreshS: FORCE_REFRESH_S }, capS, log });
    const gatedMs = (gated.seconds * 1000) / gated.frames;
    const forcedMs = (forced.seconds * 1000) / forced.frames;
    const speedup = forcedMs / gatedMs;
    out(`   gate on (live: refreshS ${config.detection.refreshS} s)   ${fmt(gated.frames).padStart(4)} frames, ${fmt(gated.detected).padStart(3)} detected: ${fmt(gatedMs, 2).padStart(7)} ms/frame${gated.capped ? '  [capped by --seconds]' : ''}`);
    out(`   every frame detected        ${fmt(forced.frames).padStart(4)} frames, ${fmt(forced.detected).padStart(3)} detected: ${fmt(forcedMs, 2).padStart(7)} ms/frame${forced.capped ? '  [capped by --seconds]' : ''}  (refreshS ${FORCE_REFRESH_S} s)`);
    const othersPct = (r: PipelineResult) => (r.cpu.othersS === null || !r.cpu.capacityS ? 'n/a' : `${fmt((r.cpu.othersS / r.cpu.capacityS) * 100)}%`);
    out(`     every frame: workers busy ${fmt(busyOf(forced) * 100)}%, in-worker ${fmt(inWorkerMsOf(forced))} ms/frame, other processes ${othersPct(forced)} of the machine` +
      `${forced.cpu.othersS !== null && forced.cpu.capacityS && forced.cpu.othersS / forced.cpu.capacityS > NOISY_SHARE ? ' ⚠ busy machine' : ''}`);
    out(`   → speed-up ${fmt(speedup, 1)}× on a static scene (the gate still detects every ${config.detection.refreshS} s of video)`);
    const gateStillUs = gateMicros(decoded.still);
    const gateMovingUs = gateMicros(decoded.people);
    const detectUs = 1e6 / maxRef.fps;
    out(`   the gate itself (MotionGate.update, ${WIDTH}×${HEIGHT} → 64×48 grid, main thread): ${fmt(gateStillUs)} µs/frame static, ${fmt(gateMovingUs)} µs/frame moving`);
    out(`   = ${fmt((gateMovingUs / detectUs) * 100, 2)}% of a detection's ${fmt(detectUs / 1000)} ms (${workersLabel(workersMax)}); it can reject up to ${fmt(1e6 / gateStillUs)} frames/s`);
    out();
    await maxPool.stop(); // section 4 starts its own pools, with the pose model
    pools.delete(workersMax);

    // 4. poses for fall detection
    const poses = await runPoseBench({
      workers: workersMax, perWorker, poseRuns: Math.round(opts.poseRuns), minPersonScore: config.detection.minPersonScore, weakPersonScore: config.detection.weakPersonScore, log,
    });
    problems.push(...poses.problems);
    out();

    // verdict
    const runs: [string, PipelineResult][] = [
      ...segmentRuns.map(({ run }) => [`segment with ${workersLabel(run.workers)}`, run] as [string, PipelineResult]),
      ['whole clip', whole.run], ['static, gate on', gated], ['static, every frame', forced],
    ];
    for (const [name, r] of runs) {
      if (r.frames === 0) problems.push(`${name}: no frames`);
      if (r.failed > 0) problems.push(`${name}: ${r.failed} detections failed`);
    }
    if (forced.detected !== forced.frames) problems.push(`static, every frame: detected ${forced.detected} of ${forced.frames} frames`);
    const best = segmentRuns.map(({ run, ref }) => `${workersLabel(run.workers)} ${fmt(run.fps / ref.fps, 2)}`).join(', ');
    out(`pipeline ÷ raw model fps (aim ≥ ${AIM_RATIO}): ${best};  motion gate ${fmt(speedup, 1)}× on a static scene`);
    out(poses.summary);
    out(problems.length ? `✗ broken: ${problems.join('; ')}` : `nothing broken (${fmt((performance.now() - startedAll) / 1000)} s)`);
    const rawJson = (r: RawResult) => ({
      workers: r.workers, inflight: r.inflight, frames: r.frames, msPerFrame: round(r.msPerFrame, 1), fps: round(r.fps, 2), inWorkerMs: round(r.inferenceMs, 1), workersBusy: round(r.busy, 3),
      othersShare: r.othersShare === null ? null : round(r.othersShare, 2),
    });
    out(
      JSON.stringify({
        bench: 'edge',
        cores: os.cpus().length,
        backend,
        clip: CLIP_NAME,
        decodeFps: round(decodeFps, 1),
        raw: {
          persons: [...raw.values()].map(rawJson),
          facesExpressions: rawJson(facesRaw),
        },
        pipeline: {
          segment: `${MOTION.fromS}-${MOTION.toS}s`,
          capS,
          runs: segmentRuns.map(({ run, ref }) => pipelineJson(run, ref)),
          wholeClip: pipelineJson(whole.run, whole.ref),
          aimRatio: AIM_RATIO,
        },
        gate: {
          frames: staticFrames,
          workers: workersMax,
          gatedMsPerFrame: round(gatedMs, 2),
          gatedFrames: gated.frames,
          gatedDetected: gated.detected,
          forcedMsPerFrame: round(forcedMs, 2),
          forcedFrames: forced.frames,
          forcedWorkersBusy: round(busyOf(forced), 3),
          forcedInWorkerMs: round(inWorkerMsOf(forced), 1),
          forcedOthersShare: forced.cpu.othersS === null || !forced.cpu.capacityS ? null : round(forced.cpu.othersS / forced.cpu.capacityS, 2),
          speedup: round(speedup, 1),
          gateUsPerFrameStatic: round(gateStillUs, 0),
          gateUsPerFrameMoving: round(gateMovingUs, 0),
        },
        poses: poses.json,
        seconds: round((performance.now() - startedAll) / 1000, 1),
        ok: problems.length === 0,
      }),
    );
    return problems.length ? 1 : 0;
  } finally {
    await facePool?.stop().catch(() => {});
    for (const pool of pools.values()) await pool.stop().catch(() => {});
  }
}
