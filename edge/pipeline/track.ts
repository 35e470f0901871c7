/**
 * Short-lived tracks of the people one camera sees: detections are matched to the tracks' predicted
 * boxes by overlap (IoU), then by centre distance, with a constant-velocity motion model. Track ids
 * are random and live only while the person stays in view: there is no identity, no appearance
 * model and no re-identification.
 *
 * Weak detections (scores under the person threshold) never start a track; they may keep one the
 * caller names going when no strong detection matched it (as in ByteTrack's second association):
 * a person lying on the floor scores low, and losing them is losing the fall.
 */
import { randomBytes } from 'node:crypto';
import type { Box, PersonDetection } from './types.ts';

export interface Track {
  id: string;
  box: Box;
  score: number;
  /** Centre velocity in normalised units per second. */
  vx: number;
  vy: number;
  firstSeenMs: number;
  lastSeenMs: number;
  hits: number;
  confirmed: boolean;
}

export interface TrackerOptions {
  /** Minimum overlap for a match by IoU. */
  minIou: number;
  /** Largest centre distance for a fallback match, in multiples of the track's box diagonal. */
  maxDistance: number;
  /** Detections in a row before a track counts (filters one-frame false positives). */
  minHits: number;
  /** A track not matched for this long is dropped. */
  maxAgeMs: number;
}

const DEFAULTS: TrackerOptions = { minIou: 0.25, maxDistance: 0.6, minHits: 2, maxAgeMs: 2000 };

export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.w, b.x + b.w);
  const y2 = Math.min(a.y + a.h, b.y + b.h);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

function predicted(track: Track, tMs: number): Box {
  const dt = Math.min((tMs - track.lastSeenMs) / 1000, 2);
  return { ...track.box, x: track.box.x + track.vx * dt, y: track.box.y + track.vy * dt };
}

function centreDistance(a: Box, b: Box): number {
  return Math.hypot(a.x + a.w / 2 - (b.x + b.w / 2), a.y + a.h / 2 - (b.y + b.h / 2));
}

export class Tracker {
  readonly #options: TrackerOptions;
  #tracks: Track[] = [];
  #lastFrameMs = -Infinity;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.#options = { ...DEFAULTS, ...options };
  }

  /**
   * Confirmed tracks after matching this frame's detections. `weak.detections` may continue, by
   * overlap only, the tracks in `weak.forTracks` that no detection matched.
   */
  update(detections: readonly PersonDetection[], tMs: number, weak?: { detections: readonly PersonDetection[]; forTracks: ReadonlySet<string> }): Track[] {
    const { minIou, maxDistance, minHits, maxAgeMs } = this.#options;
    const predictions = this.#tracks.map((track) => predicted(track, tMs));
    const unmatchedTracks = new Set(this.#tracks.keys());
    const unmatchedDetections = new Set(detections.keys());
    const pairs: [number, number, number][] = [];
    for (const t of unmatchedTracks) {
      for (const d of unmatchedDetections) {
        const overlap = iou(predictions[t]!, detections[d]!.box);
        if (overlap >= minIou) pairs.push([overlap, t, d]);
      }
    }
    // Greedy by best overlap, then by nearest centre for what is left.
    const assign = (candidates: [number, number, number][]) => {
      for (const [, t, d] of candidates) {
        if (!unmatchedTracks.has(t) || !unmatchedDetections.has(d)) continue;
        this.#follow(this.#tracks[t]!, detections[d]!, tMs);
        unmatchedTracks.delete(t);
        unmatchedDetections.delete(d);
      }
    };
    assign(pairs.sort((a, b) => b[0] - a[0]));
    const near: [number, number, number][] = [];
    for (const t of unmatchedTracks) {
      const box = predictions[t]!;
      const diagonal = Math.hypot(box.w, box.h);
      for (const d of unmatchedDetections) {
        const distance = centreDistance(box, detections[d]!.box) / diagonal;
        if (distance <= maxDistance) near.push([-distance, t, d]);
      }
    }
    assign(near.sort((a, b) => b[0] - a[0]));
    if (weak) {
      const weakPairs: [number, number, number][] = [];
      for (const t of unmatchedTracks) {
        if (!weak.forTracks.has(this.#tracks[t]!.id)) continue;
        weak.detections.forEach((detection, d) => {
          // Also where the person was last seen: someone who fell stops moving, their last velocity misleads.
          const overlap = Math.max(iou(predictions[t]!, detection.box), iou(this.#tracks[t]!.box, detection.box));
          if (overlap >= minIou) weakPairs.push([overlap, t, d]);
        });
      }
      const unusedWeak = new Set(weak.detections.keys());
      for (const [, t, d] of weakPairs.sort((a, b) => b[0] - a[0])) {
        if (!unmatchedTracks.has(t) || !unusedWeak.has(d)) continue;
        this.#follow(this.#tracks[t]!, weak.detections[d]!, tMs);
        unmatchedTracks.delete(t);
        unusedWeak.delete(d);
      }
    }

    for (const d of unmatchedDetections) {
      const detection = detections[d]!;
      this.#tracks.push({
        id: randomBytes(4).toString('hex'), box: detection.box, score: detection.score, vx: 0, vy: 0,
        firstSeenMs: tMs, lastSeenMs: tMs, hits: 1, confirmed: minHits <= 1,
      });
    }
    this.#tracks = this.#tracks.filter((track) => tMs - track.lastSeenMs <= maxAgeMs);
    for (const track of this.#tracks) if (track.hits >= minHits) track.confirmed = true;
    this.#lastFrameMs = tMs;
    return this.active(tMs);
  }

  /**
   * No detection ran for this frame (nothing moved): everyone seen on the last frame is where they
   * were, so those tracks are kept alive as they are. Tracks the last detection had already lost stay
   * lost and age out; refreshing them would bring people back into a scene they have left.
   */
  carry(tMs: number): Track[] {
    const lastFrameMs = this.#lastFrameMs;
    for (const track of this.#tracks) {
      if (track.lastSeenMs !== lastFrameMs) continue;
      track.lastSeenMs = tMs;
      track.vx = 0;
      track.vy = 0;
    }
    this.#lastFrameMs = tMs;
    this.#tracks = this.#tracks.filter((track) => tMs - track.lastSeenMs <= this.#options.maxAgeMs);
    return this.active(tMs);
  }

  active(tMs: number): Track[] {
    return this.#tracks.filter((track) => track.confirmed && track.lastSeenMs === tMs);
  }

  #follow(track: Track, detection: PersonDetection, tMs: number): void {
    const dt = (tMs - track.lastSeenMs) / 1000;
    if (dt > 0) {
      const vx = (detection.box.x + detection.box.w / 2 - (track.box.x + track.box.w / 2)) / dt;
      const vy = (detection.box.y + detection.box.h / 2 - (track.box.y + track.box.h / 2)) / dt;
      track.vx = 0.5 * track.vx + 0.5 * vx;
      track.vy = 0.5 * track.vy + 0.5 * vy;
    }
    track.box = detection.box;
    track.score = detection.score;
    track.lastSeenMs = tMs;
    track.hits++;
  }
}
