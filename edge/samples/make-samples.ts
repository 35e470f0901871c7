/**
 * Regenerates the demo clip `lobby.mp4` and its `lobby.labels.json` from the group photos shipped in
 * `@vladmandic/face-api` (MIT). Run once at development time and commit the output:
 *
 *   npx tsx edge/samples/make-samples.ts
 *
 * Timeline: a static, empty (blurred wall) segment, then each photo with a slow diagonal pan, then
 * the empty segment again — so a motion gate sees a static scene at both ends and motion in between,
 * and a people counter sees 0 → 3, 3, 3, 4, 5, 4 → 0. The people counts below were made by looking at
 * each photo; they are what tests and evaluations compare against.
 */
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ffmpegPath } from '../ffmpeg.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PHOTOS = join(HERE, '../../node_modules/@vladmandic/face-api/demo');
const OUT = join(HERE, 'lobby.mp4');
const LABELS = join(HERE, 'lobby.labels.json');

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
  note: string;
}

const SEGMENTS: Segment[] = [
  { photo: null, seconds: 3, people: 0, partial: 0, note: 'static empty scene: the top strip of sample1 (wall, posters), stretched and blurred' },
  { photo: 'sample1.jpg', seconds: 4, people: 3, partial: 1, note: 'three women at a bar, heads and torsos; the left one partly hidden behind a wine glass, the right one touches the right edge early in the pan' },
  { photo: 'sample2.jpg', seconds: 4, people: 3, partial: 2, note: 'three women on a sofa; the left one\'s raised arm is cut by the left edge, the right one touches the right edge early in the pan' },
  { photo: 'sample3.jpg', seconds: 4, people: 3, partial: 2, note: 'three women on a sofa; the left one\'s legs run off the left/bottom edge, the right one\'s shoulder is cut by the right edge late in the pan' },
  { photo: 'sample4.jpg', seconds: 4, people: 4, partial: 1, note: 'four women standing, close together and overlapping, cut at the knees; the left one\'s hair touches the left edge early in the pan' },
  { photo: 'sample5.jpg', seconds: 4, people: 5, partial: 1, note: 'five women on a staircase, overlapping; the front-left one is cut by the bottom edge (head and shoulders only)' },
  { photo: 'sample6.jpg', seconds: 4, people: 4, partial: 1, note: 'four women standing side by side, upper bodies; the right one is cut by the right edge late in the pan' },
  { photo: null, seconds: 3, people: 0, partial: 0, note: 'the same static empty scene' },
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

function main(): void {
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
  const result = spawnSync(ffmpegPath(), args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`ffmpeg failed with status ${result.status}`);

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

main();
