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

  it('ends presence when the track ends and nobody takes it over, as of when the track was last seen', () => {
    const occupancy = new ZoneOccupancy([QUEUE_ZONE], 1);
    occupancy.update([track('a', 0.1)], 0);
    occupancy.update([track('a', 0.1)], 5000);
    expect(occupancy.update([], 6000)).toEqual([]);
    expect(occupancy.in('teller-line')).toEqual([]);
    expect(occupancy.update([], 11_000)).toMatchObject([{ trackId: 'a', dwellS: 5, atMs: 5000 }]);
  });

  it('keeps a waiting person\'s time when they are hidden for a moment and come back as a new track', () => {
    const occupancy = new ZoneOccupancy([QUEUE_ZONE], 1);
    for (let t = 0; t <= 60_000; t += 1000) occupancy.update([track('a', 0.1)], t);
    occupancy.update([], 61_000); // behind another customer for 3 s
    occupancy.update([], 62_000);
    const back = track('b', 0.12, 0.8, { firstSeenMs: 63_000 });
    expect(occupancy.update([back], 63_000)).toEqual([]);
    expect(occupancy.in('teller-line')).toMatchObject([{ trackId: 'b', sinceMs: 0 }]);
    // Someone new across the line, or after the wait for the hidden one is over, starts their own time.
    const elsewhere = new ZoneOccupancy([QUEUE_ZONE], 1);
    elsewhere.update([track('a', 0.1)], 0);
    elsewhere.update([track('c', 0.8, 0.8, { firstSeenMs: 2000 })], 2000);
    expect(elsewhere.in('teller-line')).toMatchObject([{ trackId: 'c', sinceMs: 2000 }]);
    const late = new ZoneOccupancy([QUEUE_ZONE], 1);
    late.update([track('a', 0.1)], 0);
    late.update([], 1000);
    expect(late.update([track('d', 0.1, 0.8, { firstSeenMs: 7000 })], 7000)).toMatchObject([{ trackId: 'a' }]);
    expect(late.in('teller-line')).toMatchObject([{ trackId: 'd', sinceMs: 7000 }]);
  });
});

describe('QueueAnalyzer', () => {
  const settings = { windowS: 10, publishEveryS: 30, serviceTimeS: 120 };
  const presences = (n: number) => Array.from({ length: n }, (_, i) => ({ trackId: `t${i}`, personId: `t${i}`, zoneId: 'teller-line', sinceMs: 0, score: 0.9, track: track(`t${i}`, i / 10) }));

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
    negativeAffect: { windowS: 8, minScore: 0.6, minShare: 0.7, minFacePx: 48 },
    fall: { minAspect: 1.3, minDurationS: 1, maxTransitionS: 3, unseenDownS: 5, escalateAfterS: 20, minBottom: 0.45 },
  };
  const WHOLE: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1]];
  const zones = [{ id: 'lobby', polygon: WHOLE, expressions: true, longWaitS: 600 }];
  const frame = { width: 640, height: 480 };
  const NO_POSES = new Map();
  const at = (t: Track, sinceMs = 0, zoneId = 'lobby') => [{ trackId: t.id, personId: t.id, zoneId, sinceMs, score: t.score, track: t }];
  const standing = (id: string) => track(id, 0.4, 0.9);
  /** Stands 3 s, falls over 0.8 s, lies on the floor: the person's box, frame by frame (5 fps). */
  const falling = (id: string, tMs: number): Track => {
    const f = Math.min(1, Math.max(0, (tMs - 3000) / 800));
    const box = { x: 0.4 - 0.1 * f, y: 0.6 + 0.2 * f, w: 0.08 + 0.22 * f, h: 0.3 - 0.2 * f };
    return { ...track(id, 0.4, 0.9), box };
  };

  it('raises a fall in the first zone that holds the person, once, with its severity', () => {
    const twoZones = [{ id: 'floor', polygon: WHOLE, expressions: false }, { id: 'lobby', polygon: WHOLE, expressions: false }];
    const distress = new DistressAnalyzer(twoZones, settings, frame);
    const events = [];
    for (let t = 0; t <= 10_000; t += 200) {
      const person = falling('p', t);
      events.push(...distress.update([person], at(person, 0, 'floor'), null, NO_POSES, t));
    }
    expect(events).toEqual([expect.objectContaining({ kind: 'fall', zoneId: 'floor', severity: 'high', durationS: 1 })]);
  });

  it('looks at a person in each of two overlapping zones (a long wait in both)', () => {
    const overlapping = [{ id: 'lobby', polygon: WHOLE, expressions: false, longWaitS: 600 }, { id: 'teller-line', polygon: WHOLE, expressions: false, longWaitS: 300 }];
    const distress = new DistressAnalyzer(overlapping, settings, frame);
    const person = standing('w');
    const presences = [...at(person, 0, 'lobby'), ...at(person, 0, 'teller-line')];
    const events = [];
    for (let t = 0; t <= 700_000; t += 10_000) events.push(...distress.update([person], presences, null, NO_POSES, t));
    expect(events.map((e) => [e.kind, e.zoneId, e.durationS])).toEqual([['long-wait', 'teller-line', 300], ['long-wait', 'lobby', 600]]);
  });

  it('raises long-wait once per person past the zone limit', () => {
    const distress = new DistressAnalyzer(zones, settings, frame);
    const person = standing('w');
    const events = [];
    for (let t = 0; t <= 1_300_000; t += 10_000) events.push(...distress.update([person], at(person, 0), null, NO_POSES, t));
    expect(events).toEqual([expect.objectContaining({ kind: 'long-wait', severity: 'low', durationS: 600 })]);
  });

  it('raises one long wait for a person hidden for a moment after it (a new track takes over their time)', () => {
    const queue = [{ id: 'teller-line', polygon: QUEUE_ZONE.polygon, expressions: false, longWaitS: 300 }];
    const occupancy = new ZoneOccupancy(queue, 1);
    const distress = new DistressAnalyzer(queue, settings, frame);
    const events = [];
    for (let t = 0; t <= 700_000; t += 1000) {
      // Hidden behind another customer from 350 s to 353 s, then seen again as another track.
      const hidden = t > 350_000 && t < 353_000;
      const person = t <= 350_000 ? track('a', 0.1) : track('b', 0.11, 0.8, { firstSeenMs: 353_000 });
      const tracks = hidden ? [] : [person];
      occupancy.update(tracks, t);
      events.push(...distress.update(tracks, occupancy.in('teller-line'), null, NO_POSES, t));
    }
    expect(events.map((e) => [e.kind, e.durationS])).toEqual([['long-wait', 300]]);
  });

  it('raises negative-affect only for a sustained expression, only where expressions are on, and only on faces large enough to read', () => {
    const negativeFace = (person: Track, w = 0.1, h = 0.12): FaceDetection => ({
      box: { x: person.box.x + 0.005, y: person.box.y + 0.01, w, h }, score: 0.9,
      expressions: { neutral: 0.05, happy: 0, sad: 0.6, angry: 0.3, fearful: 0.02, disgusted: 0.02, surprised: 0.01 },
    });
    const run = (expressions: boolean, negativeFrames: (t: number) => boolean, face = negativeFace) => {
      const distress = new DistressAnalyzer([{ id: 'lobby', polygon: WHOLE, expressions }], settings, frame);
      const person = { ...standing('f'), box: { x: 0.4, y: 0.3, w: 0.15, h: 0.6 } };
      const events = [];
      for (let t = 0; t <= 12_000; t += 500) events.push(...distress.update([person], at(person), negativeFrames(t) ? [face(person)] : [], NO_POSES, t));
      return { events, coverage: distress.takeAffectCoverage() };
    };
    // A 64 × 58 px face, negative all along: one event; the person was assessed.
    expect(run(true, () => true)).toEqual({ events: [expect.objectContaining({ kind: 'negative-affect', severity: 'high' })], coverage: { assessed: 1, notAssessable: 0 } });
    expect(run(true, (t) => t === 4000).events).toEqual([]);
    expect(run(false, () => true)).toEqual({ events: [], coverage: { assessed: 0, notAssessable: 0 } });
    // A 32 × 24 px face (under minFacePx 48): never scored, counted as not assessable — and so is a face never seen.
    expect(run(true, () => true, (person) => negativeFace(person, 0.05, 0.05))).toEqual({ events: [], coverage: { assessed: 0, notAssessable: 1 } });
    expect(run(true, () => false)).toEqual({ events: [], coverage: { assessed: 0, notAssessable: 1 } });
  });
});
