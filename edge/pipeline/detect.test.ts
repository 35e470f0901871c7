/**
 * Real inference in real worker threads, on the group photos shipped with @vladmandic/face-api
 * (decoded in memory). Expected counts come from looking at the photos:
 *   sample1 3 women at a bar · sample2 3 on a sofa (one in profile, two looking down) · sample3 3 on a sofa
 *   sample4 4 standing, overlapping · sample5 5 on a staircase · sample6 4 standing side by side.
 * Both detectors are allowed ±1 per photo (crowded, overlapping people; faces in profile or looking down).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readManifest } from '../../models/registry.ts';
import { decodeImage } from './decode-image.ts';
import { DetectorPool, DetectorWorkerError } from './detect.ts';
import type { Box, Detections, Frame } from './types.ts';
import { EXPRESSIONS } from './types.ts';

const node = (p: string) => fileURLToPath(new URL(`../../node_modules/${p}`, import.meta.url));
const DEMO = node('@vladmandic/face-api/demo');
const PEOPLE = [3, 3, 3, 4, 5, 4];
/** Crops of the photos' backgrounds (looked at: no one in them), and a stock image with no people. */
const EMPTY = [
  { file: `${DEMO}/sample5.jpg`, filter: 'crop=600:330:0:0', what: 'staircase railing' },
  { file: `${DEMO}/sample3.jpg`, filter: 'crop=330:500:0:0', what: 'door with a face-like lock plate' },
  { file: node('@fastify/static/example/public/images/sample.jpg'), what: 'a red SAMPLE stamp' },
];

let seq = 0;
function frame(image: { width: number; height: number; rgb: Uint8Array }): Frame {
  return { cameraId: 'test', seq: seq++, tMs: seq * 200, ...image };
}
const inUnit = (b: Box) => b.x >= 0 && b.y >= 0 && b.w > 0 && b.h > 0 && b.x + b.w <= 1 + 1e-6 && b.y + b.h <= 1 + 1e-6;

describe('DetectorPool (persons + faces, expressions off)', () => {
  const pool = new DetectorPool({ workers: 2, persons: true, faces: true, expressions: false });
  let started: Awaited<ReturnType<DetectorPool['start']>>;
  let photos: Frame[];
  let results: Detections[];

  beforeAll(async () => {
    [started, photos] = await Promise.all([
      pool.start(),
      Promise.all([1, 2, 3, 4, 5, 6].map(async (i) => frame(await decodeImage(`${DEMO}/sample${i}.jpg`, { filter: 'scale=1280:-2' })))),
    ]);
    results = await Promise.all(photos.map((photo) => pool.detect(photo)));
  });
  afterAll(() => pool.stop());

  test('starts on a local backend with the models asked for, and no expression net anywhere', () => {
    expect(['wasm', 'tensorflow']).toContain(started.backend);
    expect(started.workers).toBe(2);
    expect(pool.loadedModels()).toEqual([
      ['centernet', 'tiny-face-detector'],
      ['centernet', 'tiny-face-detector'],
    ]);
  });

  test('counts the people in each photo (±1)', () => {
    const persons = results.map((r) => r.persons.length);
    persons.forEach((n, i) => expect(Math.abs(n - PEOPLE[i]!), `sample${i + 1}: ${n} persons`).toBeLessThanOrEqual(1));
    const total = persons.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 22)).toBeLessThanOrEqual(3); // ±15 % over all photos
    for (const r of results) for (const p of r.persons) expect(inUnit(p.box) && p.score >= 0.3).toBe(true);
  });

  test('counts the faces in each photo (±1), without expressions', () => {
    const faces = results.map((r) => r.faces.length);
    faces.forEach((n, i) => expect(Math.abs(n - PEOPLE[i]!), `sample${i + 1}: ${n} faces`).toBeLessThanOrEqual(1));
    for (const r of results) {
      expect(r.inferenceMs).toBeGreaterThan(0);
      for (const f of r.faces) {
        expect(inUnit(f.box)).toBe(true);
        expect(f.expressions).toBeUndefined();
      }
    }
  });

  test('faces lie inside person boxes (the two models agree)', () => {
    const faces = results.flatMap((r) => r.faces.map((f) => ({ f, persons: r.persons })));
    const inside = faces.filter(({ f, persons }) => {
      const cx = f.box.x + f.box.w / 2;
      const cy = f.box.y + f.box.h / 2;
      return persons.some((p) => cx >= p.box.x && cx <= p.box.x + p.box.w && cy >= p.box.y && cy <= p.box.y + p.box.h);
    });
    expect(inside.length / faces.length).toBeGreaterThanOrEqual(0.85);
  });

  test('finds no one where there is no one', async () => {
    const empty = await Promise.all(EMPTY.filter((e) => existsSync(e.file)).map(async (e) => frame(await decodeImage(e.file, e.filter ? { filter: e.filter } : {}))));
    empty.push(frame({ width: 640, height: 480, rgb: new Uint8Array(640 * 480 * 3).fill(128) }));
    const found = await Promise.all(empty.map((f) => pool.detect(f)));
    expect(found.map((r) => r.persons.length + r.faces.length)).toEqual(empty.map(() => 0));
  });

  test('zones of interest: faces only inside them', async () => {
    const left: Box = { x: 0, y: 0, w: 0.5, h: 1 };
    const r = await pool.detect(photos[5]!, { zonesOfInterest: [left] });
    const wholeFrameLeft = results[5]!.faces.filter((f) => f.box.x + f.box.w / 2 < 0.5).length;
    expect(r.faces.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(r.faces.length - wholeFrameLeft)).toBeLessThanOrEqual(1);
    for (const f of r.faces) expect(f.box.x + f.box.w / 2).toBeLessThan(0.5);
    expect(r.persons.length).toBe(results[5]!.persons.length); // persons: whole frame
  });

  test('copies the frame by default; transfer hands the buffer over', async () => {
    const copy = frame({ width: photos[0]!.width, height: photos[0]!.height, rgb: photos[0]!.rgb.slice() });
    await pool.detect(copy, { faces: false });
    expect(copy.rgb.length).toBe(copy.width * copy.height * 3);
    const r = await pool.detect(copy, { faces: false, transfer: true });
    expect(copy.rgb.length).toBe(0);
    expect(r.persons.length).toBe(results[0]!.persons.length);
    await expect(pool.detect(copy)).rejects.toThrow(/detached/);
  });

  test('refuses expressions when the pool has them off', async () => {
    await expect(pool.detect(photos[0]!, { expressions: true })).rejects.toThrow(/expression analysis is off/);
  });

  test('a crashed worker fails its frame clearly and is replaced', async () => {
    const before = pool.status().map((s) => s.restarts);
    const inFlight = pool.detect(photos[4]!);
    // End the worker holding that frame from outside, as an OOM or a wasm abort would.
    const busy = pool.status().find((s) => s.pending > 0)!;
    await pool.killWorker(busy.index);
    await expect(inFlight).rejects.toBeInstanceOf(DetectorWorkerError);
    await expect(inFlight).rejects.toThrow(new RegExp(`detection worker ${busy.index} ended`));
    // Meanwhile the other worker keeps answering.
    expect((await pool.detect(photos[0]!, { faces: false })).persons.length).toBe(results[0]!.persons.length);
    await until(() => pool.status().every((s) => s.state === 'ready'), 30_000);
    expect(pool.status()[busy.index]!.restarts).toBe(before[busy.index]! + 1);
    expect(pool.loadedModels()[busy.index]).toEqual(['centernet', 'tiny-face-detector']);
    expect((await Promise.all([pool.detect(photos[1]!), pool.detect(photos[2]!)])).map((r) => r.persons.length)).toEqual([results[1]!.persons.length, results[2]!.persons.length]);
  }, 40_000);
});

describe('DetectorPool with expressions on', () => {
  const pool = new DetectorPool({ workers: 1, persons: false, faces: true, expressions: true, timeoutMs: 10_000 });
  beforeAll(() => pool.start());
  afterAll(() => pool.stop());

  test('loads the expression net and scores every face', async () => {
    expect(pool.loadedModels()).toEqual([['tiny-face-detector', 'face-expression']]);
    const photo = frame(await decodeImage(`${DEMO}/sample5.jpg`, { filter: 'scale=1280:-2' }));
    const r = await pool.detect(photo);
    expect(r.persons).toEqual([]);
    expect(r.faces.length).toBeGreaterThanOrEqual(4);
    for (const f of r.faces) {
      expect(Object.keys(f.expressions!).sort()).toEqual([...EXPRESSIONS].sort());
      expect(Object.values(f.expressions!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    }
    // Asked not to, it does not.
    const plain = await pool.detect(photo, { expressions: false });
    expect(plain.faces.every((f) => f.expressions === undefined)).toBe(true);
  });
});

describe('DetectorPool start-up', () => {
  test('refuses to start when a model file does not match the manifest', async () => {
    const manifest = structuredClone(readManifest());
    const bin = manifest.models.find((m) => m.name === 'tiny-face-detector')!.files[1]!;
    bin.sha256 = 'f'.repeat(64);
    const pool = new DetectorPool({ workers: 1, persons: false, faces: true, expressions: false, manifest });
    await expect(pool.start()).rejects.toThrow(/tiny-face-detector: refusing to load .*tiny_face_detector_model\.bin: sha256/);
    expect(pool.status().every((s) => s.state === 'stopped')).toBe(true);
  });

  test('a frame that takes too long fails clearly and its worker is replaced', async () => {
    const pool = new DetectorPool({ workers: 1, persons: false, faces: true, expressions: false, timeoutMs: 1 });
    await pool.start();
    try {
      const photo = frame({ width: 640, height: 480, rgb: new Uint8Array(640 * 480 * 3) });
      await expect(pool.detect(photo)).rejects.toThrow(/detection worker 0 ended \(no answer within 1 ms\)/);
      await until(() => pool.status()[0]!.restarts === 1, 10_000);
    } finally {
      await pool.stop();
    }
  });

  test('frames queued behind others are not timed until their worker starts them', async () => {
    const pool = new DetectorPool({ workers: 1, persons: false, faces: true, expressions: false, faceInputSize: 128, timeoutMs: 2000 });
    await pool.start();
    try {
      const small = () => frame({ width: 160, height: 120, rgb: new Uint8Array(160 * 120 * 3) });
      for (let i = 0; i < 3; i++) await pool.detect(small()); // warm up
      const started = performance.now();
      for (let i = 0; i < 5; i++) await pool.detect(small());
      const perFrame = (performance.now() - started) / 5;
      // Enough frames that the last would wait twice the timeout if waiting counted.
      const n = Math.min(3000, Math.ceil((2 * 2000) / Math.max(perFrame, 0.5)));
      const results = await Promise.allSettled(Array.from({ length: n }, () => pool.detect(small())));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(pool.status()[0]!.restarts).toBe(0);
    } finally {
      await pool.stop();
    }
  }, 60_000);

  test('stop() during start() ends it with a clear rejection', async () => {
    const pool = new DetectorPool({ workers: 1, persons: true, faces: false, expressions: false });
    const starting = pool.start();
    await pool.stop();
    await expect(starting).rejects.toThrow(/detection worker 0 failed to start: stopped/);
    await expect(pool.detect(frame({ width: 64, height: 64, rgb: new Uint8Array(64 * 64 * 3) }))).rejects.toThrow(/not running/);
  });

  test('rejects contradictory options', () => {
    expect(() => new DetectorPool({ workers: 1, persons: true, faces: false, expressions: true })).toThrow(/expressions need faces/);
    expect(() => new DetectorPool({ workers: 1, persons: false, faces: false, expressions: false })).toThrow(/nothing to detect/);
    expect(() => new DetectorPool({ workers: 1, persons: true, faces: true, expressions: false, faceInputSize: 500 })).toThrow(/faceInputSize/);
  });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
