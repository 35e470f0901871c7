import { describe, expect, it } from 'vitest';
import { iou, Tracker } from './track.ts';

const person = (x: number, y = 0.3, score = 0.9) => ({ box: { x, y, w: 0.1, h: 0.4 }, score });

describe('Tracker', () => {
  it('confirms a track after two detections and keeps its id while the person walks', () => {
    const tracker = new Tracker();
    expect(tracker.update([person(0.1)], 0)).toEqual([]);
    const [first] = tracker.update([person(0.12)], 200);
    expect(first).toBeDefined();
    for (let i = 2; i < 20; i++) {
      const tracks = tracker.update([person(0.1 + i * 0.02)], i * 200);
      expect(tracks.map((t) => t.id)).toEqual([first!.id]);
    }
    expect(first!.vx).toBeGreaterThan(0.05);
  });

  it('follows two people crossing without swapping them, thanks to the motion model', () => {
    const tracker = new Tracker();
    let left = '';
    let right = '';
    for (let i = 0; i < 16; i++) {
      const a = person(0.1 + i * 0.04, 0.3);
      const b = person(0.7 - i * 0.04, 0.32);
      const tracks = tracker.update([a, b], i * 200);
      if (i === 1) [left, right] = [tracks.find((t) => t.box.x < 0.5)!.id, tracks.find((t) => t.box.x > 0.5)!.id];
      if (i > 1) {
        expect(tracks.find((t) => t.id === left)!.box.x).toBeCloseTo(a.box.x);
        expect(tracks.find((t) => t.id === right)!.box.x).toBeCloseTo(b.box.x);
      }
    }
  });

  it('drops a one-frame false positive and a person who left', () => {
    const tracker = new Tracker({ maxAgeMs: 1000 });
    tracker.update([person(0.1), person(0.8)], 0);
    tracker.update([person(0.1)], 200);
    expect(tracker.update([person(0.1)], 400)).toHaveLength(1);
    expect(tracker.update([], 2000)).toEqual([]);
  });

  it('keeps tracks alive while detection is skipped for a still scene', () => {
    const tracker = new Tracker({ maxAgeMs: 1000 });
    tracker.update([person(0.1)], 0);
    const [track] = tracker.update([person(0.1)], 200);
    expect(tracker.carry(5000).map((t) => t.id)).toEqual([track!.id]);
    expect(tracker.update([person(0.1)], 5200).map((t) => t.id)).toEqual([track!.id]);
  });

  it('does not bring back, while detection is skipped, a person the last detection had lost', () => {
    const tracker = new Tracker({ maxAgeMs: 1500 });
    tracker.update([person(0.1), person(0.6)], 0);
    tracker.update([person(0.1), person(0.6)], 200);
    expect(tracker.update([person(0.1)], 400)).toHaveLength(1); // the second person has left
    expect(tracker.carry(600)).toHaveLength(1);
    expect(tracker.carry(5000)).toHaveLength(1);
    expect(tracker.update([], 5200)).toEqual([]);
  });

  it('gives random ids that do not repeat across trackers', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const tracker = new Tracker({ minHits: 1 });
      ids.add(tracker.update([person(0.1)], 0)[0]!.id);
    }
    expect(ids.size).toBe(50);
  });

  it('computes IoU', () => {
    expect(iou({ x: 0, y: 0, w: 1, h: 1 }, { x: 0, y: 0, w: 1, h: 1 })).toBe(1);
    expect(iou({ x: 0, y: 0, w: 1, h: 1 }, { x: 0.5, y: 0, w: 1, h: 1 })).toBeCloseTo(1 / 3);
    expect(iou({ x: 0, y: 0, w: 0.1, h: 0.1 }, { x: 0.5, y: 0.5, w: 0.1, h: 0.1 })).toBe(0);
  });

  it('keeps following a person the caller names on weak detections (someone lying scores low), never starts a track on one', () => {
    const tracker = new Tracker({ minHits: 1 });
    const [faller] = tracker.update([person(0.2)], 0);
    const [walker] = tracker.update([person(0.2), person(0.6)], 200).filter((t) => t.id !== faller!.id);
    const lying = { box: { x: 0.15, y: 0.55, w: 0.2, h: 0.15 }, score: 0.15 };
    const clutter = { box: { x: 0.6, y: 0.3, w: 0.1, h: 0.4 }, score: 0.12 };
    const weakOnly = (tMs: number) => tracker.update([], tMs, { detections: [lying, clutter], forTracks: new Set([faller!.id]) });
    // The faller's box moved down and widened: still the faller (by overlap with the last box); the walker is not kept on clutter.
    const tracks = weakOnly(400);
    expect(tracks.map((t) => t.id)).toEqual([faller!.id]);
    expect(tracks[0]!.box).toEqual(lying.box);
    for (let t = 600; t <= 4000; t += 200) expect(weakOnly(t).map((track) => track.id)).toEqual([faller!.id]);
    expect(walker).toBeDefined();
    // Weak detections alone start nothing.
    const fresh = new Tracker({ minHits: 1 });
    expect(fresh.update([], 0, { detections: [lying], forTracks: new Set() })).toEqual([]);
  });
});
