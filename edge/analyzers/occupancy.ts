/**
 * Who is in which zone, and since when. A track enters a zone after its foot point has been inside
 * for `inertia` frames in a row (one stray frame does not count) and leaves when it has been outside
 * as long or when the track ends; leaving reports how long it dwelt.
 */
import type { Track } from '../pipeline/track.ts';
import { zonesOf, type ZoneShape } from '../pipeline/zones.ts';

export interface Presence {
  trackId: string;
  zoneId: string;
  sinceMs: number;
  score: number;
  track: Track;
}

export interface Departure {
  trackId: string;
  zoneId: string;
  dwellS: number;
  atMs: number;
}

interface Candidate {
  inside: number;
  outside: number;
  firstInsideMs: number;
}

export class ZoneOccupancy {
  #present = new Map<string, Presence>(); // key trackId|zoneId
  #candidates = new Map<string, Candidate>();

  constructor(
    private readonly zones: readonly ZoneShape[],
    private readonly inertia = 2,
  ) {}

  /** Updates from this frame's tracks; returns who left a zone (or vanished) since the last frame. */
  update(tracks: readonly Track[], tMs: number): Departure[] {
    const departures: Departure[] = [];
    const seen = new Set<string>();
    for (const track of tracks) {
      const inside = new Set(zonesOf(track.box, this.zones));
      for (const zone of this.zones) {
        const key = `${track.id}|${zone.id}`;
        seen.add(key);
        const candidate = this.#candidates.get(key) ?? { inside: 0, outside: 0, firstInsideMs: tMs };
        if (inside.has(zone.id)) {
          if (candidate.inside === 0) candidate.firstInsideMs = tMs;
          candidate.inside++;
          candidate.outside = 0;
        } else {
          candidate.outside++;
          candidate.inside = 0;
        }
        this.#candidates.set(key, candidate);
        const present = this.#present.get(key);
        if (present) {
          present.track = track;
          present.score = track.score;
          if (candidate.outside >= this.inertia) {
            departures.push(this.#leave(key, present, tMs));
          }
        } else if (candidate.inside >= this.inertia) {
          this.#present.set(key, { trackId: track.id, zoneId: zone.id, sinceMs: candidate.firstInsideMs, score: track.score, track });
        }
      }
    }
    for (const [key, present] of this.#present) {
      if (!seen.has(key)) departures.push(this.#leave(key, present, tMs));
    }
    for (const key of this.#candidates.keys()) if (!seen.has(key)) this.#candidates.delete(key);
    return departures;
  }

  in(zoneId: string): Presence[] {
    return [...this.#present.values()].filter((presence) => presence.zoneId === zoneId);
  }

  #leave(key: string, present: Presence, tMs: number): Departure {
    this.#present.delete(key);
    return { trackId: present.trackId, zoneId: present.zoneId, dwellS: (tMs - present.sinceMs) / 1000, atMs: tMs };
  }
}
