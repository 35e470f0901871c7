/**
 * Regenerates the sample clips and their labels from the group photos shipped in
 * `@vladmandic/face-api` (MIT). Run once at development time and commit the output:
 *
 *   npx tsx edge/samples/make-samples.ts            # both clips
 *   npx tsx edge/samples/make-samples.ts fall       # just one (lobby | fall)
 *
 * lobby.mp4 — timeline: a static, empty (blurred wall) segment, then each photo with a slow diagonal
 * pan, then the empty segment again — so a motion gate sees a static scene at both ends and motion in
 * between, and a people counter sees 0 → 3, 3, 3, 4, 5, 4 → 0. The people counts below were made by
 * looking at each photo; they are what tests and evaluations compare against.
 *
 * fall.mp4 — one person (cut out of sample4) walks across a plain room, falls over to the left and
 * lies still on the floor: upright 0–3 s, falling 3–3.5 s, lying 3.5–10 s. See `makeFall`.
 *
 * everyday.mp4 — the same person and room, doing what is not a fall: walking across near the
 * camera while another walks the other way further back, bending over and straightening up, then
 * three people queueing and stepping forward. See `makeEveryday`.
 */
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ffmpegPath } from '../ffmpeg.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PHOTOS = join(HERE, '../../node_modules/@vladmandic/face-api/demo');

const WIDTH = 640;
const HEIGHT = 480;
const FPS = 15;
/** The photo is scaled to cover this, then a WIDTH×HEIGHT window pans across it. */
const PAN_W = 704;
const PAN_H = 528;

interface Segment {
  photo: string | null;
  seconds: number;
  people: number;
  /** Of `people`, how many are cut by the frame edge at some point of the pan (still counted). */
  partial: number;
  /**
   * Of `people`, how many have their foot point (bottom centre of their box) in the left half of the
   * frame, resp. the right half, throughout the pan; the others (people - left - right) are near the
   * vertical midline and cross it, or may, during the pan. From the photos and the pan geometry.
   */
  left: number;
  right: number;
  note: string;
}

const SEGMENTS: Segment[] = [
  { photo: null, seconds: 3, people: 0, partial: 0, left: 0, right: 0, note: 'static empty scene: the top strip of sample1 (wall, posters), stretched and blurred' },
  { photo: 'sample1.jpg', seconds: 4, people: 3, partial: 1, left: 1, right: 1, note: 'three women at a bar, heads and torsos; the left one partly hidden behind a wine glass, the right one touches the right edge early in the pan; the middle one crosses the midline' },
  { photo: 'sample2.jpg', seconds: 4, people: 3, partial: 2, left: 1, right: 1, note: 'three women on a sofa; the left one\'s raised arm is cut by the left edge, the right one touches the right edge early in the pan; the middle one is on the midline' },
  { photo: 'sample3.jpg', seconds: 4, people: 3, partial: 2, left: 1, right: 2, note: 'three women on a sofa; the left one\'s legs run off the left/bottom edge, the right one\'s shoulder is cut by the right edge late in the pan' },
  { photo: 'sample4.jpg', seconds: 4, people: 4, partial: 1, left: 2, right: 1, note: 'four women standing, close together and overlapping, cut at the knees; the left one\'s hair touches the left edge early in the pan; the third (patterned dress, arm stretched left) is near the midline' },
  { photo: 'sample5.jpg', seconds: 4, people: 5, partial: 1, left: 2, right: 2, note: 'five women on a staircase, overlapping; the front-left one is cut by the bottom edge (head and shoulders only); the one in red at the top is on the midline' },
  { photo: 'sample6.jpg', seconds: 4, people: 4, partial: 1, left: 2, right: 2, note: 'four women standing side by side, upper bodies; the right one is cut by the right edge late in the pan' },
  { photo: null, seconds: 3, people: 0, partial: 0, left: 0, right: 0, note: 'the same static empty scene' },
];

function photoFilter(index: number, seconds: number): string {
  const dx = PAN_W - WIDTH;
  const dy = PAN_H - HEIGHT;
  // Alternate the pan direction so consecutive photos do not look the same.
  const x = index % 2 ? `${dx}*t/${seconds}` : `${dx}-${dx}*t/${seconds}`;
  const y = `${dy}*t/${seconds}`;
  return `scale=${PAN_W}:${PAN_H}:force_original_aspect_ratio=increase,crop=${PAN_W}:${PAN_H},crop=${WIDTH}:${HEIGHT}:x='${x}':y='${y}'`;
}

const EMPTY_FILTER = `crop=iw:ih*0.1:0:0,scale=${WIDTH}:${HEIGHT},boxblur=12:2`;

function makeLobby(): void {
  const OUT = join(HERE, 'lobby.mp4');
  const LABELS = join(HERE, 'lobby.labels.json');
  const inputs: string[] = [];
  const chains: string[] = [];
  SEGMENTS.forEach((segment, i) => {
    const file = join(PHOTOS, segment.photo ?? 'sample1.jpg');
    inputs.push('-loop', '1', '-framerate', String(FPS), '-t', String(segment.seconds), '-i', file);
    const filter = segment.photo ? photoFilter(i, segment.seconds) : EMPTY_FILTER;
    chains.push(`[${i}:v]${filter},setsar=1,format=yuv420p[v${i}]`);
  });
  const concat = `${SEGMENTS.map((_, i) => `[v${i}]`).join('')}concat=n=${SEGMENTS.length}:v=1:a=0[out]`;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    ...inputs,
    '-filter_complex', [...chains, concat].join(';'),
    '-map', '[out]', '-an',
    '-c:v', 'libx264', '-preset', 'slow', '-crf', '26', '-pix_fmt', 'yuv420p', '-r', String(FPS),
    '-movflags', '+faststart',
    OUT,
  ];
  ffmpeg(args);

  let startMs = 0;
  const segments = SEGMENTS.map(({ seconds, ...segment }) => {
    const endMs = startMs + seconds * 1000;
    const entry = { startMs, endMs, ...segment, static: segment.photo === null };
    startMs = endMs;
    return entry;
  });
  const labels = {
    clip: 'lobby.mp4',
    width: WIDTH,
    height: HEIGHT,
    fps: FPS,
    durationMs: startMs,
    provenance: 'frames made from node_modules/@vladmandic/face-api/demo/sample1..6.jpg (MIT) by edge/samples/make-samples.ts',
    segments,
  };
  writeFileSync(LABELS, `${JSON.stringify(labels, null, 2)}\n`);
  process.stdout.write(`${OUT}: ${statSync(OUT).size} bytes, ${startMs / 1000} s\n`);
}

function ffmpeg(args: string[]): void {
  const result = spawnSync(ffmpegPath(), args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`ffmpeg failed with status ${result.status}`);
}

/**
 * fall.mp4: the right-hand woman of sample4 (head to knees), cut out of the photo's lavender wall with
 * a colour key, is laid over a plain room (beige wall, brown floor from FALL.floorY down). She walks to
 * the right while upright, then, within FALL.fallS, turns 90° anticlockwise about her centre (head to
 * the left) while her centre drops to the floor, and lies still there until the end.
 *
 * The composition was tuned with the real person detector (DetectorPool, CenterNet, persons only): one
 * person on all 100 frames (at score ≥ 0.2, nothing else in the room); upright 0.56–0.69 (box w/h
 * 0.44–0.46 in pixels, bottom 0.90–0.91), lying 0.59 on every frame (w/h 2.02, bottom 0.94); while
 * falling 0.54, 0.55, then 0.33 and 0.22 (3.3 and 3.4 s, mid-turn). Falling to the right, a larger
 * figure or no colour key gave lying scores of 0.27–0.45 — too close to the 0.33–0.35 threshold.
 */
const FALL = {
  seconds: 10,
  fps: 10,
  photo: 'sample4.jpg',
  /** In the 1920×1448 photo: the right-hand woman, from the top of her head to her knees. */
  crop: { x: 1260, y: 60, w: 610, h: 1388 },
  /** The photo's wall (RGB), keyed out: similarity, blend (ffmpeg colorkey). */
  key: { color: '0xA59EDC', similarity: 0.2, blend: 0.1 },
  /** Upright size in frame pixels (the crop scaled to this height). */
  height: 280,
  width: 124,
  /** Upright: left edge walks from x0 to x1 (px) until fallS[0]; the box bottom stays at `foot`. */
  walk: { x0: 260, x1: 380, foot: 440 },
  /** The fall, in seconds: upright before, lying after. */
  fallS: [3, 3.5] as const,
  /** Lying: box bottom (px); the centre moves left so the head ends where she fell towards. */
  lieBottom: 450,
  floorY: 0.6,
  wall: '0xC9BFAE',
  floor: '0x7A6652',
  skirting: '0x5A4A3C',
};

/** The plain room of fall.mp4 and everyday.mp4 (beige wall, brown floor from FALL.floorY down, a skirting line). */
function roomFilter(fps: number, seconds: number): string {
  const floorPx = Math.round(FALL.floorY * HEIGHT);
  return `color=c=${FALL.wall}:s=${WIDTH}x${HEIGHT}:r=${fps}:d=${seconds},` +
    `drawbox=x=0:y=${floorPx}:w=${WIDTH}:h=${HEIGHT - floorPx}:color=${FALL.floor}:t=fill,` +
    `drawbox=x=0:y=${floorPx - 6}:w=${WIDTH}:h=6:color=${FALL.skirting}:t=fill`;
}

/** Encodes `filter` (ending in [out]) over FALL.photo as the only input, looped for `seconds`. */
function encodeFromPhoto(filter: string, fps: number, seconds: number, out: string): void {
  ffmpeg([
    '-hide_banner', '-loglevel', 'error', '-y',
    '-loop', '1', '-framerate', String(fps), '-t', String(seconds), '-i', join(PHOTOS, FALL.photo),
    '-filter_complex', filter,
    '-map', '[out]', '-an',
    '-c:v', 'libx264', '-preset', 'slow', '-crf', '26', '-pix_fmt', 'yuv420p', '-r', String(fps),
    '-movflags', '+faststart',
    out,
  ]);
}

function makeFall(): void {
  const OUT = join(HERE, 'fall.mp4');
  const LABELS = join(HERE, 'fall.labels.json');
  const { seconds, fps, crop, key, height: ph, width: pw, walk, fallS: [t0, t1], lieBottom } = FALL;
  const canvas = Math.ceil(Math.hypot(pw, ph) / 2) * 2; // the rotated figure always fits this square
  // Centre of the figure: walking, then (k: 0 → 1 over the fall) moving to where she lies.
  const upright = { cx: `(${walk.x0}+${walk.x1 - walk.x0}*min(t,${t0})/${t0}+${pw / 2})`, cy: walk.foot - ph / 2 };
  const lying = { cx: walk.x1 + pw / 2 - ph / 2, cy: lieBottom - pw / 2 };
  const k = `min(max((t-${t0})/${t1 - t0},0),1)`;
  const cx = `(${upright.cx}+(${lying.cx}-${upright.cx})*${k})`;
  const cy = `(${upright.cy}+(${lying.cy - upright.cy})*${k})`;
  const room = roomFilter(fps, seconds);
  const figure =
    `crop=${crop.w}:${crop.h}:${crop.x}:${crop.y},scale=${pw}:${ph},format=rgba,` +
    `colorkey=${key.color}:${key.similarity}:${key.blend},` +
    // Anticlockwise (negative angle): the head goes to the left. The corners are filled transparent.
    `rotate=a='-PI/2*${k}':ow=${canvas}:oh=${canvas}:c=black@0`;
  const filter = [
    `${room}[room]`,
    `[0:v]${figure}[figure]`,
    `[room][figure]overlay=x='${cx}-${canvas / 2}':y='${cy}-${canvas / 2}':eval=frame:format=auto,setsar=1,format=yuv420p[out]`,
  ].join(';');
  encodeFromPhoto(filter, fps, seconds, OUT);

  const norm = (box: { x: number; y: number; w: number; h: number }) => ({
    x: round3(box.x / WIDTH), y: round3(box.y / HEIGHT), w: round3(box.w / WIDTH), h: round3(box.h / HEIGHT),
  });
  const top = walk.foot - ph;
  const labels = {
    clip: 'fall.mp4',
    width: WIDTH,
    height: HEIGHT,
    fps,
    durationMs: seconds * 1000,
    provenance: `frames made from node_modules/@vladmandic/face-api/demo/${FALL.photo} (MIT) by edge/samples/make-samples.ts`,
    people: 1,
    /** Where the floor starts (normalised y): a zone from here down covers it. */
    floorY: FALL.floorY,
    lyingStartMs: t1 * 1000,
    phases: [
      { startMs: 0, endMs: t0 * 1000, posture: 'upright', note: 'walks to the right, standing (cut at the knees)' },
      { startMs: t0 * 1000, endMs: t1 * 1000, posture: 'falling', note: 'tips over to the left while dropping to the floor' },
      { startMs: t1 * 1000, endMs: seconds * 1000, posture: 'lying', note: 'lies still on the floor, head to the left' },
    ],
    /** The pasted figure's rectangle (normalised), as composed — not a detector's box. */
    boxes: {
      uprightStart: norm({ x: walk.x0, y: top, w: pw, h: ph }),
      uprightEnd: norm({ x: walk.x1, y: top, w: pw, h: ph }),
      lying: norm({ x: lying.cx - ph / 2, y: lying.cy - pw / 2, w: ph, h: pw }),
    },
  };
  writeFileSync(LABELS, `${JSON.stringify(labels, null, 2)}\n`);
  process.stdout.write(`${OUT}: ${statSync(OUT).size} bytes, ${seconds} s\n`);
}

/**
 * everyday.mp4 (20 s, 10 fps): nothing here is a fall, and the fall detector must raise none.
 *   0–8 s   walking: one person crosses near the camera (280 px tall) left to right, another further
 *           back (200 px, feet higher) right to left; they pass each other.
 *   8–12 s  bending: one person tips 45° forward over 0.7 s, stays bent 1 s, straightens in 0.7 s.
 *   12–20 s queueing: three people in a line, each stepping 40 px forward every 3 s.
 */
const EVERYDAY = {
  seconds: 20,
  fps: 10,
  near: { height: 280, width: 124, foot: 440 },
  far: { height: 200, width: 89, foot: 380 },
  bend: { at: 8.5, tipS: 0.7, holdS: 1, x: 300, angle: Math.PI / 4 },
  queue: { from: 12, stepEveryS: 3, stepPx: 40, x: [120, 270, 420] },
};

function makeEveryday(): void {
  const OUT = join(HERE, 'everyday.mp4');
  const LABELS = join(HERE, 'everyday.labels.json');
  const { seconds, fps, near, far, bend, queue } = EVERYDAY;
  const room = roomFilter(fps, seconds);
  const cut = `crop=${FALL.crop.w}:${FALL.crop.h}:${FALL.crop.x}:${FALL.crop.y},format=rgba,colorkey=${FALL.key.color}:${FALL.key.similarity}:${FALL.key.blend}`;
  const canvas = Math.ceil(Math.hypot(near.width, near.height) / 2) * 2;
  // Bending: 0 → 1 over tipS, held, back to 0.
  const b0 = bend.at;
  const b1 = b0 + bend.tipS;
  const b2 = b1 + bend.holdS;
  const b3 = b2 + bend.tipS;
  const k = `if(lt(t,${b0}),0,if(lt(t,${b1}),(t-${b0})/${bend.tipS},if(lt(t,${b2}),1,if(lt(t,${b3}),(${b3}-t)/${bend.tipS},0))))`;
  const step = (i: number) => `${queue.x[i]}-${queue.stepPx}*floor((t-${queue.from})/${queue.stepEveryS})`;
  const filter = [
    `${room}[room]`,
    `[0:v]${cut},split=6[a][b][c][q0][q1][q2]`,
    `[a]scale=${near.width}:${near.height}[near]`,
    `[b]scale=${far.width}:${far.height}[far]`,
    // Tipping forward (to the right) about the centre, the feet kept on the floor.
    `[c]scale=${near.width}:${near.height},rotate=a='${bend.angle}*${k}':ow=${canvas}:oh=${canvas}:c=black@0[bender]`,
    ...[0, 1, 2].map((i) => `[q${i}]scale=${near.width}:${near.height}[queuer${i}]`),
    `[room][far]overlay=x='520-440*t/8':y=${far.foot - far.height}:eval=frame:enable='between(t,0,8)'[r1]`,
    `[r1][near]overlay=x='40+440*t/8':y=${near.foot - near.height}:eval=frame:enable='between(t,0,8)'[r2]`,
    `[r2][bender]overlay=x=${bend.x + near.width / 2 - canvas / 2}:y='${near.foot}-${canvas / 2}-(${near.height / 2})*cos(${bend.angle}*${k})-(${near.width / 2})*sin(${bend.angle}*${k})':eval=frame:enable='between(t,8,12)'[r3]`,
    `[r3][queuer0]overlay=x='${step(0)}':y=${near.foot - near.height}:eval=frame:enable='gte(t,${queue.from})'[r4]`,
    `[r4][queuer1]overlay=x='${step(1)}':y=${near.foot - near.height}:eval=frame:enable='gte(t,${queue.from})'[r5]`,
    `[r5][queuer2]overlay=x='${step(2)}':y=${near.foot - near.height}:eval=frame:enable='gte(t,${queue.from})',setsar=1,format=yuv420p[out]`,
  ].join(';');
  encodeFromPhoto(filter, fps, seconds, OUT);
  const labels = {
    clip: 'everyday.mp4',
    width: WIDTH,
    height: HEIGHT,
    fps,
    durationMs: seconds * 1000,
    provenance: `frames made from node_modules/@vladmandic/face-api/demo/${FALL.photo} (MIT) by edge/samples/make-samples.ts`,
    falls: 0,
    floorY: FALL.floorY,
    phases: [
      { startMs: 0, endMs: 8000, activity: 'walking', people: 2, note: 'one near the camera left to right, one further back right to left; they pass each other' },
      { startMs: 8000, endMs: 12_000, activity: 'bending', people: 1, note: `tips ${Math.round((bend.angle * 180) / Math.PI)}° forward over ${bend.tipS} s, stays bent ${bend.holdS} s, straightens` },
      { startMs: 12_000, endMs: 20_000, activity: 'queueing', people: 3, note: `three in a line, each steps ${queue.stepPx} px forward every ${queue.stepEveryS} s` },
    ],
  };
  writeFileSync(LABELS, `${JSON.stringify(labels, null, 2)}\n`);
  process.stdout.write(`${OUT}: ${statSync(OUT).size} bytes, ${seconds} s\n`);
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

const CLIPS: Record<string, () => void> = { lobby: makeLobby, fall: makeFall, everyday: makeEveryday };
const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(CLIPS)) {
  const make = CLIPS[name];
  if (!make) throw new Error(`unknown clip ${name}: use ${Object.keys(CLIPS).join(' or ')}`);
  make();
}
