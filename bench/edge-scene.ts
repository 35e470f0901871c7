/**
 * A six-person scene for the pose measurements, composed by ffmpeg from the two sample clips while
 * it decodes them (a lavfi graph of `movie` sources: nothing is written, nothing downloaded), one
 * 640×480 frame at 15 fps:
 *
 *   left, top      lobby.mp4 19–23 s at half size (320×240): sample5, five women sitting on a
 *                  staircase, panning, so every frame moves
 *   left, bottom   the clip's static empty scene (blurred wall), half size
 *   right half     fall.mp4 from 2 s, its middle 352 px at 0.91×, on its own wall colour: the woman
 *                  walks on, falls at 1–1.5 s and lies still to the end
 *
 * Four seconds (60 frames): the staircase segment ends there. The staircase people are half the
 * size they are in the clip, so the detector finds fewer of them than are there (the bench says how
 * many); sitting, several of their boxes are wide enough to be fall candidates.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Capture, type CaptureOptions } from '../edge/pipeline/capture.ts';
import type { Frame } from '../edge/pipeline/types.ts';
import { FPS, HEIGHT, WIDTH } from './edge-run.ts';

const LOBBY = fileURLToPath(new URL('../edge/samples/lobby.mp4', import.meta.url));
const FALL = fileURLToPath(new URL('../edge/samples/fall.mp4', import.meta.url));

export const SCENE = {
  name: 'lobby.mp4 19–23 s (sample5: 5 people sitting on stairs, half size) beside fall.mp4 from 2 s (1 person, falls at 1–1.5 s)',
  people: 6,
  frames: 4 * FPS,
  /** When the person in the fall tile goes down, in scene seconds (fall.labels.json: falling 3–3.5 s, lying from 3.5 s; started at 2 s). */
  fallS: { fromS: 1, lyingS: 1.5 },
} as const;

/** fall.mp4's wall (make-samples.ts), to pad its column to the frame's height. */
const FALL_WALL = '0xC9BFAE';
/** The part of fall.mp4 she walks and lies in after 2 s (x 162–504 px), scaled into the right half. */
const FALL_CROP = { w: 352, x: 156 };

/** A path goes into a filtergraph unquoted: refuse the characters that would need escaping there. */
function graphPath(file: string): string {
  if (/[\\':,;[\]=]/.test(file)) throw new Error(`cannot compose the pose scene: the path ${file} has a character that needs escaping in an ffmpeg filtergraph`);
  return file;
}

function sceneGraph(): string {
  const [half, quarter] = [WIDTH / 2, HEIGHT / 2];
  const lobby = graphPath(LOBBY);
  const fallH = Math.round((HEIGHT * half) / FALL_CROP.w);
  return [
    // seek_point lands on a keyframe at or before 19 s; trim then cuts at the exact frame (timestamps stay absolute until setpts).
    `movie=${lobby}:seek_point=18,trim=start=19:end=23,setpts=PTS-STARTPTS,scale=${half}:${quarter}[stairs]`,
    `movie=${lobby},trim=end_frame=1,scale=${half}:${quarter},loop=loop=-1:size=1[wall]`,
    `movie=${graphPath(FALL)},trim=start=2,setpts=PTS-STARTPTS,fps=${FPS},crop=${FALL_CROP.w}:${HEIGHT}:${FALL_CROP.x}:0,scale=${half}:${fallH},` +
      `pad=${half}:${HEIGHT}:0:${HEIGHT - fallH}:color=${FALL_WALL}[fall]`,
    // shortest=1: the scene ends with the staircase segment (the wall loops forever, the fall clip runs longer).
    `[stairs][wall][fall]xstack=inputs=3:layout=0_0|0_h0|w0_0:shortest=1`,
  ].join(';');
}

/** Capture options for the scene (add `pace`). */
export function sceneCapture(): Omit<CaptureOptions, 'pace' | 'log'> {
  return { cameraId: 'scene', source: sceneGraph(), inputArgs: ['-f', 'lavfi'], fps: FPS, width: WIDTH, height: HEIGHT };
}

/** Composes and decodes the scene once, asap, keeping every `keepEvery`-th frame in memory. */
export async function decodeScene(keepEvery: number): Promise<{ kept: Frame[]; frames: number; seconds: number }> {
  const capture = new Capture({ ...sceneCapture(), pace: 'asap' });
  const kept: Frame[] = [];
  let frames = 0;
  const started = performance.now();
  try {
    for await (const frame of capture.frames()) {
      frames++;
      if (frame.seq % keepEvery === Math.floor(keepEvery / 2)) kept.push(frame); // each frame owns its bytes
    }
  } finally {
    await capture.stop();
  }
  return { kept, frames, seconds: (performance.now() - started) / 1000 };
}
