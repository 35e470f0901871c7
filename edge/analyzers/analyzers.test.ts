import { describe, expect, it } from 'vitest';
import type { Track } from '../pipeline/track.ts';
import type { FaceDetection } from '../pipeline/types.ts';
import { DistressAnalyzer, type DistressSettings } from './distress.ts';
import { ZoneOccupancy } from './occupancy.ts';
import { QueueAnalyzer } from './queue.ts';

const QUEUE_ZONE = { id: 'teller-line', polygon: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]] as [number, number][] };
const track = (id: string, x: number, footY = 0.8, extra: Partial<Track> = {}): Track => ({
  id, box: { x, y: footY - 0.3, w: 0.08, h: 0.3 }, score: 0.9, vx: 0, vy: 0, firstSeenMs: 0, lastSeenMs: 0, hits: 5, confirmed: true, ...extra,
});

describe('ZoneOccupancy', () => {
  it('counts a person after the inertia and reports their dwell when they leave', () => {
    const occupancy = new ZoneOccupancy([QUEUE_ZONE], 2);
    occupancy.update([track('a', 0.1)], 0);
    expect(occupancy.in('teller-line')).toHaveLength(0);
    occupancy.update([track('a', 0.1)], 1000);
    expect(occupancy.in('teller-line')).toMatchObject([{ trackId: 'a', sinceMs: 0 }]);
    occupancy.update([track('a', 0.1, 0.3)], 30_000);
    const departures = occupancy.update([track('a', 0.1, 0.3)], 31_000);
    expect(departures).toEqual([{ trackId: 'a', zoneId: 'teller-line', dwellS: 31, atMs: 31_000 }]);
  });

  it('ends presence when the track ends', () => {
    const occupancy = new ZoneOccupancy([QUEUE_ZONE], 1);
    occupancy.update([track('a', 0.1)], 0);
    expect(occupancy.update([], 5000)).toMatchObject([{ trackId: 'a', dwellS: 5 }]);
  });
});

describe('QueueAnalyzer', () => {
  const settings = { windowS: 10, publishEveryS: 30, serviceTimeS: 120 };
  const presences = (n: number) => Array.from({ length: n }, (_, i) => ({ trackId: `t${i}`, zoneId: 'teller-line', sinceMs: 0, score: 0.9, track: track(`t${i}`, i / 10) }));

  it('publishes the smoothed count when it changes, ignoring a one-frame flicker', () => {
    const queue = new QueueAnalyzer('teller-line', settings);
    const published: (number | null)[] = [];
    const counts = [3, 3, 3, 3, 4, 3, 3, 3, 5, 5, 5, 5, 5, 5, 5];
    counts.forEach((n, i) => published.push(queue.update(presences(n), [], i * 1000)?.count ?? null));
    expect(published.filter((c) => c !== null)).toEqual([3, 5]);
  });

  it('publishes at least every publishEveryS even when nothing changes', () => {
    const queue = new QueueAnalyzer('teller-line', settings);
    const times: number[] = [];
    for (let t = 0; t <= 95_000; t += 5000) if (queue.update(presences(2), [], t)) times.push(t);
    expect(times).toEqual([0, 30_000, 60_000, 90_000]);
  });

  it('estimates the wait from the prior, then from dwell, then from observed service', () => {
    const queue = new QueueAnalyzer('teller-line', { ...settings, publishEveryS: 1 });
    expect(queue.update(presences(4), [], 0)).toMatchObject({ count: 4, waitEstimateS: 480 });
    const leave = (i: number, atMs: number) => ({ trackId: `gone${i}`, zoneId: 'teller-line', dwellS: 300, atMs });
    const dwell = queue.update(presences(4), [leave(0, 60_000)], 60_000);
    expect(dwell).toMatchObject({ waitEstimateS: 300 });
    expect(dwell!.confidence).toBeLessThan(0.9);
    queue.update(presences(4), [leave(1, 120_000)], 120_000);
    // 4 people served in 240 s → 60 s each → 4 waiting = 240 s.
    expect(queue.update(presences(4), [leave(2, 180_000), leave(3, 240_000)], 240_000)).toMatchObject({ count: 4, waitEstimateS: 240 });
  });

  it('says an empty queue means no wait', () => {
    expect(new QueueAnalyzer('teller-line', settings).update([], [], 0)).toMatchObject({ count: 0, waitEstimateS: 0 });
  });
});

describe('DistressAnalyzer', () => {
  const settings: DistressSettings = {
    cooldownS: 120,
    negativeAffect: { windowS: 8, minScore: 0.6, minShare: 0.7 },
    fall: { minAspect: 1.3, minDurationS: 2, minBottom: 0.45 },
  };
  const zones = [{ id: 'lobby', expressions: true, longWaitS: 600 }];
  const frame = { width: 640, height: 480 };
  const at = (t: Track, sinceMs = 0) => [{ trackId: t.id, zoneId: 'lobby', sinceMs, score: t.score, track: t }];
  const standing = (id: string) => track(id, 0.4, 0.9);
  const lying = (id: string) => ({ ...track(id, 0.3, 0.9), box: { x: 0.3, y: 0.8, w: 0.3, h: 0.1 } });

  it('raises one high-severity fall after the person has been down for the minimum time', () => {
    const distress = new DistressAnalyzer(zones, settings, frame);
    const events = [];
    for (let t = 0; t <= 10_000; t += 500) {
      const person = t < 3000 ? standing('p') : lying('p');
      events.push(...distress.update([person], at(person), null, t));
    }
    expect(events).toEqual([expect.objectContaining({ kind: 'fall', zoneId: 'lobby', severity: 'high', durationS: 2 })]);
  });

  it('does not call a person who bends down for a moment a fall', () => {
    const distress = new DistressAnalyzer(zones, settings, frame);
    const events = [];
    for (let t = 0; t <= 10_000; t += 500) {
      const person = t >= 3000 && t < 4000 ? lying('p') : standing('p');
      events.push(...distress.update([person], at(person), null, t));
    }
    expect(events).toEqual([]);
  });

  it('treats the same fall seen again by a new track within the cooldown as the same episode', () => {
    const distress = new DistressAnalyzer(zones, settings, frame);
    const events = [];
    for (let t = 0; t <= 20_000; t += 500) {
      const person = lying(t < 10_000 ? 'p1' : 'p2');
      events.push(...distress.update([person], at(person), null, t));
    }
    expect(events.filter((e) => e.kind === 'fall')).toHaveLength(1);
  });

  it('raises long-wait once per person past the zone limit', () => {
    const distress = new DistressAnalyzer(zones, settings, frame);
    const person = standing('w');
    const events = [];
    for (let t = 0; t <= 1_300_000; t += 10_000) events.push(...distress.update([person], at(person, 0), null, t));
    expect(events).toEqual([expect.objectContaining({ kind: 'long-wait', severity: 'low', durationS: 600 })]);
  });

  it('raises negative-affect only for a sustained expression, and only where expressions are on', () => {
    const negativeFace = (person: Track): FaceDetection => ({
      box: { x: person.box.x + 0.01, y: person.box.y + 0.01, w: 0.05, h: 0.05 }, score: 0.9,
      expressions: { neutral: 0.05, happy: 0, sad: 0.6, angry: 0.3, fearful: 0.02, disgusted: 0.02, surprised: 0.01 },
    });
    const run = (expressions: boolean, negativeFrames: (t: number) => boolean) => {
      const distress = new DistressAnalyzer([{ id: 'lobby', expressions }], settings, frame);
      const person = standing('f');
      const events = [];
      for (let t = 0; t <= 12_000; t += 500) events.push(...distress.update([person], at(person), negativeFrames(t) ? [negativeFace(person)] : [], t));
      return events;
    };
    expect(run(true, () => true)).toEqual([expect.objectContaining({ kind: 'negative-affect', severity: 'high' })]);
    expect(run(true, (t) => t === 4000)).toEqual([]);
    expect(run(false, () => true)).toEqual([]);
  });
});
