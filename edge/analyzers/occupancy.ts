/**
 * Who is in which zone, and since when. A track enters a zone after its foot point has been inside
 * for `inertia` frames in a row (one stray frame does not count) and leaves when it has been outside
 * as long; leaving reports how long it dwelt.
 *
 * A track that ends inside a zone may be someone hidden for a moment (behind another customer, a
 * pillar) whom the tracker will see again as a new track: for `relinkMs` the presence waits, and a
 * new track that appears in the zone within a person's height of where it was lost takes it over,
 * keeping its `sinceMs` — so a long wait is not reset by an occlusion. Otherwise it leaves then, as
 * of when the track was lost.
 */
import type { Track } from '../pipeline/track.ts';
import { footPoint } from '../pipeline/types.ts';
import { zonesOf, type ZoneShape } from '../pipeline/zones.ts';

export interface Presence {
  trackId: string;
  /** The track this presence began with: the same through occlusions the presence survived. */
  personId: string;
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

interface Vanished {
  presence: Presence;
  lostMs: number;
  foot: { x: number; y: number };
}

export class ZoneOccupancy {
  #present = new Map<string, Presence>(); // key trackId|zoneId
  #candidates = new Map<string, Candidate>();
  #vanished: Vanished[] = [];
  /** The previous frame's time: when a track missing now was last seen. */
  #lastMs = -Infinity;

  constructor(
    private readonly zones: readonly ZoneShape[],
    private readonly inertia = 2,
    private readonly relinkMs = 5000,
  ) {}

  /** Updates from this frame's tracks; returns who left a zone (or vanished) since the last frame. */
  update(tracks: readonly Track[], tMs: number): Departure[] {
    const departures: Departure[] = [];
    // Presences nobody took over in time leave, as of when their track was lost.
    this.#vanished = this.#vanished.filter((gone) => {
      if (tMs - gone.lostMs <= this.relinkMs) return true;
      departures.push(departure(gone.presence, gone.lostMs));
      return false;
    });
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
          const before = this.#relink(track, zone.id);
          const [personId, sinceMs] = before ? [before.personId, before.sinceMs] : [track.id, candidate.firstInsideMs];
          this.#present.set(key, { trackId: track.id, personId, zoneId: zone.id, sinceMs, score: track.score, track });
        }
      }
    }
    for (const [key, present] of this.#present) {
      if (seen.has(key)) continue;
      this.#present.delete(key);
      this.#vanished.push({ presence: present, lostMs: this.#lastMs, foot: footPoint(present.track.box) });
    }

    for (const key of this.#candidates.keys()) if (!seen.has(key)) this.#candidates.delete(key);
    this.#lastMs = tMs;
    return departures;
  }

  in(zoneId: string): Presence[] {
    return [...this.#present.values()].filter((presence) => presence.zoneId === zoneId);
  }

  #leave(key: string, present: Presence, tMs: number): Departure {
    this.#present.delete(key);
    return departure(present, tMs);
  }

  /** The presence a new track in the zone takes over: lost there recently, the nearest within the track's height. */
  #relink(track: Track, zoneId: string): Presence | null {
    const foot = footPoint(track.box);
    let best: Vanished | null = null;
    let bestDistance = track.box.h;
    for (const gone of this.#vanished) {
      if (gone.presence.zoneId !== zoneId || track.firstSeenMs < gone.lostMs) continue;
      const distance = Math.hypot(gone.foot.x - foot.x, gone.foot.y - foot.y);
      if (distance <= bestDistance) [best, bestDistance] = [gone, distance];
    }
    if (!best) return null;
    this.#vanished.splice(this.#vanished.indexOf(best), 1);
    return best.presence;
  }
}

function departure(present: Presence, atMs: number): Departure {
  return { trackId: present.trackId, zoneId: present.zoneId, dwellS: (atMs - present.sinceMs) / 1000, atMs };
}
