/** Motion gate on synthetic frames (zeros, then flip a region), and on the sample clip. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Capture } from './capture.ts';
import { MotionGate } from './motion.ts';
import type { Frame } from './types.ts';

const W = 640;
const H = 480;
let seq = 0;

function frame(paint?: (rgb: Uint8Array) => void, tMs = seq * 200): Frame {
  const rgb = new Uint8Array(W * H * 3);
  paint?.(rgb);
  return { cameraId: 'cam-test', seq: seq++, tMs, width: W, height: H, rgb };
}

/** Paints a white rectangle, in pixels. */
const rect = (x0: number, y0: number, w: number, h: number) => (rgb: Uint8Array) => {
  for (let y = y0; y < y0 + h; y++) rgb.fill(255, (y * W + x0) * 3, (y * W + x0 + w) * 3);
};

describe('MotionGate', () => {
  it('calls a change of nearly the whole picture a cut, and a person-sized change not', () => {
    const gate = new MotionGate({ alpha: 1, forceEveryMs: 60_000 });
    expect(gate.update(frame()).cut).toBe(false); // the first frame is no cut
    expect(gate.update(frame(rect(160, 0, 320, 480))).cut).toBe(false); // half the picture: someone close falling
    expect(gate.update(frame()).cut).toBe(false); // and back
    expect(gate.update(frame(rect(0, 0, W, 460))).cut).toBe(true); // nearly all of it: another scene
  });

  it('moves only when a region changes (alpha 1: compares with the previous frame)', () => {
    const gate = new MotionGate({ alpha: 1, forceEveryMs: 60_000 });
    const black = frame();
    const flipped = frame(rect(200, 100, 160, 120));
    expect(gate.update(black)).toMatchObject({ moved: true, detect: true }); // first frame: unknown scene
    expect(gate.update(black)).toMatchObject({ moved: false, changedFraction: 0, boxes: [], detect: false });
    const change = gate.update(flipped);
    expect(change.moved).toBe(true);
    expect(change.changedFraction).toBeCloseTo((160 * 120) / (W * H), 2);
    expect(change.boxes).toHaveLength(1);
    const box = change.boxes[0]!;
    expect(box.x).toBeCloseTo(200 / W, 1);
    expect(box.y).toBeCloseTo(100 / H, 1);
    expect(box.w).toBeCloseTo(160 / W, 1);
    expect(box.h).toBeCloseTo(120 / H, 1);
    expect(gate.update(flipped).moved).toBe(false); // static again
    expect(gate.update(black).moved).toBe(true); // and back
  });

  it('with the default slow background, a change that stays fades into the background', () => {
    const gate = new MotionGate({ forceEveryMs: 60_000 });
    gate.update(frame());
    const flipped = frame(rect(0, 0, 160, 120));
    const moved = Array.from({ length: 80 }, () => gate.update(flipped).moved);
    expect(moved.slice(0, 20).every(Boolean)).toBe(true);
    expect(moved.slice(-10).some(Boolean)).toBe(false);
  });

  it('ignores noise and changes below the minimum area', () => {
    const gate = new MotionGate();
    gate.update(frame());
    const noisy = frame((rgb) => {
      for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 2654435761) >>> 29; // 0..7
    });
    expect(gate.update(noisy).moved).toBe(false);
    const speck = frame(rect(300, 200, 12, 12)); // about one grid cell
    const result = gate.update(speck);
    expect(result.moved).toBe(false);
    expect(result.changedFraction).toBeGreaterThan(0);
  });

  it('resets the background on a scene change instead of reporting motion for seconds', () => {
    const gate = new MotionGate();
    gate.update(frame());
    const lit = frame((rgb) => rgb.fill(200));
    expect(gate.update(lit)).toMatchObject({ moved: true, changedFraction: 1 });
    expect(gate.update(lit).moved).toBe(false);
  });

  it('forces a detection every forceEveryMs of frame time on a static scene', () => {
    const gate = new MotionGate({ forceEveryMs: 1000 });
    const black = frame();
    const detects = [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000].map((tMs) => {
      const r = gate.update({ ...black, tMs });
      return r.forced ? 'F' : r.detect ? 'D' : '.';
    });
    expect(detects.join('')).toBe('D....F....F');
  });

  it('gates the static segments of the sample clip and passes its photo segments', async () => {
    const clip = fileURLToPath(new URL('../samples/lobby.mp4', import.meta.url));
    const labels = JSON.parse(readFileSync(clip.replace(/\.mp4$/, '.labels.json'), 'utf8')) as {
      segments: { startMs: number; endMs: number; static: boolean }[];
    };
    const capture = new Capture({ cameraId: 'cam-test', source: clip, fps: 5, width: 320, height: 240, pace: 'asap' });
    const gate = new MotionGate({ forceEveryMs: 60_000 });
    const moved = labels.segments.map(() => ({ frames: 0, moved: 0 }));
    for await (const f of capture.frames()) {
      const r = gate.update(f);
      const i = labels.segments.findIndex((s) => f.tMs >= s.startMs && f.tMs < s.endMs);
      // The first frame of a segment is a cut: it may move, which is right.
      if (i < 0 || f.tMs === labels.segments[i]!.startMs) continue;
      moved[i]!.frames++;
      if (r.moved) moved[i]!.moved++;
    }
    labels.segments.forEach((segment, i) => {
      const { frames, moved: m } = moved[i]!;
      expect(frames).toBeGreaterThan(10);
      if (segment.static) expect(m).toBe(0);
      else expect(m / frames).toBeGreaterThan(0.9);
    });
  });
});
