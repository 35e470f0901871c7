/**
 * Section 4 of the edge bench: what fall detection's poses cost.
 *   a + b  one pose, alone in a thread and as part of the detection job (edge-pose-cost.ts);
 *   c      the live pipeline on a six-person scene (edge-scene.ts) with `detection.poses` off, on
 *          (the live default: the fall detector's candidates get a pose on the next frame), and a
 *          worst case where every frame asks for 4 poses (the most a job estimates), against the
 *          raw limit on the same frames. Each run takes the whole scene, so all see the same frames;
 *          each runs REPEATS times, alternating, and the fastest counts (other processes, and the
 *          host under this VM, only slow a run down).
 */
import type { Logger } from '../edge/logger.ts';
import type { DetectOptions } from '../edge/pipeline/detect.ts';
import type { Box, Frame } from '../edge/pipeline/types.ts';
import type { FrameResult } from '../edge/run-camera.ts';
import { jobCost, poseBoxesFor, POSE_COUNTS, threadCost } from './edge-pose-cost.ts';
import { busyOf, captureRun, inWorkerMsOf, othersNote, out, rawLine, rawRun, startPool, workersLabel, type Detect, type PipelineResult, type RawResult } from './edge-run.ts';
import { decodeScene, SCENE, sceneCapture } from './edge-scene.ts';
import { fmt, round } from './lib.ts';

/** Scene frames kept in memory (every 5th of 60) for parts a, b and the raw limits. */
const KEEP_EVERY = 5;
const REPEATS = 3;
/** A scene run is never capped by --seconds (on and off must see the same frames); this only stops a hung one. */
const SAFETY_CAP_S = 300;
const MAX_POSES = POSE_COUNTS.at(-1)!;

export interface PoseBenchOptions {
  workers: number;
  /** Timed jobs per worker in each raw run, and per pose count in part b. */
  perWorker: number;
  poseRuns: number;
  minPersonScore: number;
  weakPersonScore: number;
  log: Logger;
}

/** What a pipeline run asked the detector for. */
interface Asked {
  jobs: number;
  withPoses: number;
  boxes: number;
  poses: number;
  persons: number;
  weak: number;
  falls: number;
}

type Mode = 'off' | 'on' | 'worst';

/** pool.detect, counting what is asked; `worst` replaces the pipeline's pose boxes by 4 of the people found last. */
function askingDetect(pool: { detect: Detect }, asked: Asked, worst: boolean): Detect {
  let people: Box[] = [];
  return (frame: Frame, options: DetectOptions = {}) => {
    const poseBoxes = worst ? poseBoxesFor(people, MAX_POSES) : (options.poseBoxes ?? []);
    asked.jobs++;
    if (poseBoxes.length) asked.withPoses++;
    asked.boxes += Math.min(MAX_POSES, poseBoxes.length);
    return pool.detect(frame, { ...options, ...(poseBoxes.length ? { poseBoxes } : {}) }).then((d) => {
      asked.poses += d.poses.length;
      asked.persons += d.persons.length;
      asked.weak += d.weakPersons.length;
      people = [...d.persons, ...d.weakPersons].map((person) => person.box);
      return d;
    });
  };
}

function countFalls(asked: Asked) {
  return (result: FrameResult) => {
    for (const event of result.events) if (event.type === 'tp.distress.detected' && (event.data as { kind: string }).kind === 'fall') asked.falls++;
  };
}

export async function runPoseBench(o: PoseBenchOptions): Promise<{ json: object; problems: string[]; summary: string }> {
  const problems: string[] = [];
  const poolOptions = { persons: true, faces: false, expressions: false, poses: true, minPersonScore: o.minPersonScore, weakPersonScore: o.weakPersonScore, log: o.log } as const;
  out(`4. Poses for fall detection (MoveNet Lightning, one 192×192 crop per person) on a scene with ${SCENE.people} people:`);
  out(`   ${SCENE.name}`);
  const scene = await decodeScene(KEEP_EVERY);
  out(`   composed and decoded by ffmpeg, asap, nothing written: ${scene.frames} frames in ${fmt(scene.seconds, 2)} s = ${fmt(scene.frames / scene.seconds)} fps; ${scene.kept.length} of them kept in memory for a, b and the raw limits`);
  if (scene.frames !== SCENE.frames || scene.kept.length === 0) problems.push(`scene: ${scene.frames} frames decoded, ${SCENE.frames} expected`);

  // a) one thread
  const thread = await threadCost(scene.kept, o.poseRuns, o.minPersonScore);
  const found = [...thread.boxes.values()].map((boxes) => boxes.length);
  out(`   a) one thread (the main thread, ${thread.backend}, no pool), on the ${scene.kept.length} frames:`);
  out(`      person detection (CenterNet, one pass)  ${fmt(thread.detectMs, 1).padStart(6)} ms   (${thread.detections} passes; ${fmt(found.reduce((a, b) => a + b, 0) / found.length, 1)} people found per frame, ${Math.min(...found)}–${Math.max(...found)})`);
  out(`      pose (MoveNet estimate on one crop)     ${fmt(thread.poseMs, 1).padStart(6)} ms   (${thread.poses} poses cycling over those people, median ${fmt(thread.poseMedianMs, 1)}) = ${fmt(thread.poseMs / thread.detectMs, 3)} × a detection pass`);

  // b) the job in one worker
  const one = await startPool('pose pool', { workers: 1, ...poolOptions });
  const job = await jobCost(one.pool, scene.kept, thread.boxes, o.perWorker).finally(() => one.pool.stop());
  const base = job.byBoxes[0]!;
  out(`   b) the detection job (persons + poses), 1 worker, ${o.perWorker} jobs per count, interleaved; in-worker ms:`);
  for (const b of job.byBoxes) {
    const extra = b.boxes ? `  +${fmt((b.inWorkerMs - base.inWorkerMs) / b.boxes, 1)} ms per pose, ${fmt(b.inWorkerMs / base.inWorkerMs, 2)} × no poses` : '  (persons only)';
    out(`      ${`${b.boxes} pose box${b.boxes === 1 ? '' : 'es'}`.padEnd(13)} ${fmt(b.inWorkerMs, 1).padStart(6)} ms${extra}`);
    if (Math.abs(b.poses - b.boxes) > 1e-9) problems.push(`job with ${b.boxes} pose boxes returned ${fmt(b.poses, 2)} poses`);
  }
  out(`      → ${fmt(job.msPerPose, 1)} ms per candidate (slope over 0/1/2/4) = ${fmt(job.msPerPose / base.inWorkerMs, 3)} × one person-detection job; 4 candidates: ${fmt(job.byBoxes.at(-1)!.inWorkerMs / base.inWorkerMs, 2)} × the job`);

  // c) the pipeline
  const { pool } = await startPool('pose pool', { workers: o.workers, ...poolOptions });
  try {
    const w = o.workers;
    const persons4 = (frame: Frame) => ({ poseBoxes: poseBoxesFor(thread.boxes.get(frame.seq) ?? [], MAX_POSES) });
    const rawBefore = { persons: await rawRun(pool, scene.kept, o.perWorker, w, {}), poses: await rawRun(pool, scene.kept, o.perWorker, w, persons4) };
    const best = new Map<Mode, { run: PipelineResult; asked: Asked }>();
    for (let r = 0; r < REPEATS; r++) {
      for (const mode of ['off', 'on', 'worst'] as const) {
        const asked: Asked = { jobs: 0, withPoses: 0, boxes: 0, poses: 0, persons: 0, weak: 0, falls: 0 };
        const run = await captureRun(sceneCapture(), {
          pool, capS: SAFETY_CAP_S, log: o.log, settings: { poses: mode !== 'off' }, detect: askingDetect(pool, asked, mode === 'worst'), onResult: countFalls(asked),
        });
        if (run.frames !== SCENE.frames) problems.push(`scene, poses ${mode}: ${run.frames} of ${SCENE.frames} frames`);
        if (run.failed) problems.push(`scene, poses ${mode}: ${run.failed} detections failed`);
        if (run.captureRestarts) problems.push(`scene, poses ${mode}: ffmpeg restarted (${run.captureError})`);
        if (mode === 'worst' && asked.poses !== asked.jobs * MAX_POSES) problems.push(`scene, worst case: ${asked.poses} poses on ${asked.jobs} jobs`);
        const previous = best.get(mode);
        if (!previous || run.fps > previous.run.fps) best.set(mode, { run, asked });
      }
    }
    // As in section 2: the raw limits again after the runs, and the faster counts.
    const rawAfter = { persons: await rawRun(pool, scene.kept, o.perWorker, w, {}), poses: await rawRun(pool, scene.kept, o.perWorker, w, persons4) };
    const faster = (a: RawResult, b: RawResult) => (a.fps >= b.fps ? a : b);
    const rawPersons = faster(rawBefore.persons, rawAfter.persons);
    const rawPoses = faster(rawBefore.poses, rawAfter.poses);
    const spread = (a: RawResult, b: RawResult) => `the faster of ${fmt(a.fps, 2)} before the runs and ${fmt(b.fps, 2)} after`;
    out(`   c) the live pipeline on the scene (Capture asap → CameraPipeline → runFrames, depth ${w}), all ${SCENE.frames} frames per run, the fastest of ${REPEATS} runs each:`);
    out(rawLine(`   raw limit, persons only, ${workersLabel(w)}`, rawPersons, `  (${spread(rawBefore.persons, rawAfter.persons)})`));
    out(rawLine(`   raw limit, persons + 4 poses, ${workersLabel(w)}`, rawPoses, `  = ${fmt(rawPoses.fps / rawPersons.fps, 2)} × persons only (${spread(rawBefore.poses, rawAfter.poses)})`));
    const off = best.get('off')!;
    // A job's time grows linearly with its poses (part b): the raw limit at p poses per frame lies between the two.
    const rawAt = (poses: number) => 1000 / (rawPersons.msPerFrame + (poses / MAX_POSES) * (rawPoses.msPerFrame - rawPersons.msPerFrame));
    const posesOf = (mode: Mode) => best.get(mode)!.asked.boxes / best.get(mode)!.asked.jobs;
    const limit = (mode: Mode) => rawAt(posesOf(mode));
    const labels = { off: 'fall poses off (detection.poses false)', on: 'fall poses on (the live default)', worst: 'worst case: 4 poses every frame' };
    for (const mode of ['off', 'on', 'worst'] as const) {
      const { run, asked } = best.get(mode)!;
      const against = {
        off: 'raw persons only',
        on: `raw at ${fmt(posesOf(mode), 2)} poses per frame (interpolated), ${fmt(run.fps / rawPersons.fps, 2)} × raw persons only`,
        worst: 'raw with 4 poses',
      }[mode];
      const vsOff = mode === 'off' ? '' : `; ${fmt(run.fps / off.run.fps, 2)} × off`;
      out(`      ${labels[mode].padEnd(40)} ${run.frames} frames in ${fmt(run.seconds, 1)} s → ${fmt(run.fps, 2)} fps = ${fmt(run.fps / limit(mode), 2)} × ${against}${vsOff}`);
      out(`         poses asked on ${asked.withPoses} of ${asked.jobs} detections, ${fmt(asked.boxes / asked.jobs, 2)} per detection (${asked.poses} estimated); workers busy ${fmt(busyOf(run) * 100)}%, in-worker ${fmt(inWorkerMsOf(run))} ms/frame${othersNote(run.cpu.othersS !== null && run.cpu.capacityS ? run.cpu.othersS / run.cpu.capacityS : null)}`);
    }
    const on = best.get('on')!;
    out(`      people found per detection: ${fmt(on.asked.persons / on.asked.jobs, 1)} of ${SCENE.people} (≥ ${o.minPersonScore}) + ${fmt(on.asked.weak / on.asked.jobs, 1)} weak; falls raised with poses on: ${on.asked.falls} (the woman on the right goes down at ${SCENE.fallS.fromS}–${SCENE.fallS.lyingS} s)`);
    const worst = best.get('worst')!;
    const runJson = (mode: Mode) => {
      const { run, asked } = best.get(mode)!;
      return {
        frames: run.frames, detected: run.detected, seconds: round(run.seconds, 2), fps: round(run.fps, 2), rawFps: round(limit(mode), 2), ratioToRaw: round(run.fps / limit(mode), 3), ratioToRawPersons: round(run.fps / rawPersons.fps, 3), ratioToOff: round(run.fps / off.run.fps, 3),
        detections: asked.jobs, detectionsWithPoses: asked.withPoses, poseBoxes: asked.boxes, posesPerDetection: round(asked.boxes / asked.jobs, 2), posesEstimated: asked.poses,
        personsPerDetection: round(asked.persons / asked.jobs, 2), falls: asked.falls, workersBusy: round(busyOf(run), 3), inWorkerMs: round(inWorkerMsOf(run), 1),
        othersShare: run.cpu.othersS === null || !run.cpu.capacityS ? null : round(run.cpu.othersS / run.cpu.capacityS, 2),
      };
    };
    return {
      problems,
      summary: `pose ${fmt(job.msPerPose, 1)} ms per candidate (${fmt(job.msPerPose / base.inWorkerMs, 2)} × a detection); six-person scene, ${workersLabel(w)}: poses on ${fmt(on.run.fps / off.run.fps, 2)} × off, worst case ${fmt(worst.run.fps / off.run.fps, 2)} × off`,
      json: {
        scene: { name: SCENE.name, people: SCENE.people, frames: scene.frames, composeFps: round(scene.frames / scene.seconds, 1) },
        thread: {
          backend: thread.backend, detectMs: round(thread.detectMs, 1), poseMs: round(thread.poseMs, 2), poseMedianMs: round(thread.poseMedianMs, 2), poses: thread.poses,
          poseToDetection: round(thread.poseMs / thread.detectMs, 3),
        },
        job: {
          workers: 1, byBoxes: job.byBoxes.map((b) => ({ boxes: b.boxes, jobs: b.jobs, inWorkerMs: round(b.inWorkerMs, 1) })),
          msPerPose: round(job.msPerPose, 2), poseToDetection: round(job.msPerPose / base.inWorkerMs, 3),
        },
        pipeline: {
          workers: w, repeats: REPEATS, rawFps: round(rawPersons.fps, 2), rawFps4Poses: round(rawPoses.fps, 2),
          rawFpsBefore: round(rawBefore.persons.fps, 2), rawFpsAfter: round(rawAfter.persons.fps, 2), rawFps4PosesBefore: round(rawBefore.poses.fps, 2), rawFps4PosesAfter: round(rawAfter.poses.fps, 2),
          off: runJson('off'), on: runJson('on'), worstCase: runJson('worst'),
        },
      },
    };
  } finally {
    await pool.stop();
  }
}
