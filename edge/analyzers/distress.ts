/**
 * Distress analyzer: visible signs that a customer may need help, each episode one event.
 *  - fall: a person's box turns and stays horizontal, low in the frame, for `fall.minDurationS`;
 *  - long-wait: a person has dwelt in a zone longer than the zone's `longWaitS`;
 *  - negative-affect (only where expression analysis is switched on for the branch and the zone):
 *    a tracked face shows negative expressions for most of a window, never on one frame.
 * A track raises each kind once; a zone does not repeat a kind within `cooldownS`.
 */
import type { EventData } from '../../protocol/events.ts';
import type { Track } from '../pipeline/track.ts';
import type { FaceDetection } from '../pipeline/types.ts';
import type { Presence } from './occupancy.ts';

export interface DistressSettings {
  cooldownS: number;
  negativeAffect: { windowS: number; minScore: number; minShare: number };
  fall: { minAspect: number; minDurationS: number; minBottom: number };
}

export interface DistressZone {
  id: string;
  longWaitS?: number;
  expressions: boolean;
}

export type DistressEvent = EventData<'tp.distress.detected'>;
type Kind = DistressEvent['kind'];

const NEGATIVE = ['angry', 'sad', 'fearful', 'disgusted'] as const;
const round2 = (value: number) => Math.round(value * 100) / 100;

export class DistressAnalyzer {
  #lyingSince = new Map<string, number>();
  #affect = new Map<string, { tMs: number; negative: number }[]>();
  #raised = new Set<string>(); // `${trackId}|${kind}`
  #zoneQuietUntil = new Map<string, number>(); // `${zoneId}|${kind}`
  readonly #zones: Map<string, DistressZone>;

  constructor(
    zones: readonly DistressZone[],
    private readonly settings: DistressSettings,
    private readonly frame: { width: number; height: number },
  ) {
    this.#zones = new Map(zones.map((zone) => [zone.id, zone]));
  }

  /** Whether any zone of this camera wants facial expressions analysed. */
  get wantsExpressions(): boolean {
    return [...this.#zones.values()].some((zone) => zone.expressions);
  }

  /**
   * `presences`: who is in which zone now (from ZoneOccupancy); `faces`: this frame's faces with
   * expressions, or null when no face analysis ran for this frame.
   */
  update(tracks: readonly Track[], presences: readonly Presence[], faces: readonly FaceDetection[] | null, tMs: number): DistressEvent[] {
    const events: DistressEvent[] = [];
    const zoneOf = new Map<string, Presence>();
    for (const presence of presences) if (!zoneOf.has(presence.trackId)) zoneOf.set(presence.trackId, presence);
    const live = new Set(tracks.map((track) => track.id));

    for (const track of tracks) {
      const presence = zoneOf.get(track.id);
      if (!presence) continue; // zones are the analysed area
      const zone = this.#zones.get(presence.zoneId)!;
      this.#checkFall(track, zone, tMs, events);
      this.#checkLongWait(track, presence, zone, tMs, events);
      if (faces && zone.expressions) this.#checkAffect(track, zone, faces, tMs, events);
    }
    for (const map of [this.#lyingSince, this.#affect]) for (const id of map.keys()) if (!live.has(id)) map.delete(id);
    for (const key of this.#raised) if (!live.has(key.split('|')[0]!)) this.#raised.delete(key);
    return events;
  }

  #checkFall(track: Track, zone: DistressZone, tMs: number, events: DistressEvent[]): void {
    const { minAspect, minDurationS, minBottom } = this.settings.fall;
    const aspect = (track.box.w * this.frame.width) / (track.box.h * this.frame.height);
    const lying = aspect >= minAspect && track.box.y + track.box.h >= minBottom;
    if (!lying) {
      this.#lyingSince.delete(track.id);
      return;
    }
    const since = this.#lyingSince.get(track.id) ?? tMs;
    this.#lyingSince.set(track.id, since);
    const durationS = (tMs - since) / 1000;
    if (durationS < minDurationS) return;
    const confidence = round2(Math.min(1, track.score * Math.min(1, aspect / (minAspect + 0.5)) * Math.min(1, 0.6 + durationS / (minDurationS * 5))));
    this.#raise(track, zone, 'fall', { severity: 'high', confidence, durationS: round2(durationS) }, tMs, events);
  }

  #checkLongWait(track: Track, presence: Presence, zone: DistressZone, tMs: number, events: DistressEvent[]): void {
    if (!zone.longWaitS) return;
    const dwellS = (tMs - presence.sinceMs) / 1000;
    if (dwellS < zone.longWaitS) return;
    const severity = dwellS >= 2 * zone.longWaitS ? 'high' : dwellS >= 1.5 * zone.longWaitS ? 'medium' : 'low';
    this.#raise(track, zone, 'long-wait', { severity, confidence: round2(track.score), durationS: Math.round(dwellS) }, tMs, events);
  }

  #checkAffect(track: Track, zone: DistressZone, faces: readonly FaceDetection[], tMs: number, events: DistressEvent[]): void {
    const { windowS, minScore, minShare } = this.settings.negativeAffect;
    // The face that belongs to this person: its centre inside the upper half of the person's box.
    const face = faces.find((candidate) => {
      const cx = candidate.box.x + candidate.box.w / 2;
      const cy = candidate.box.y + candidate.box.h / 2;
      return candidate.expressions && cx >= track.box.x && cx <= track.box.x + track.box.w && cy >= track.box.y && cy <= track.box.y + track.box.h / 2;
    });
    const samples = this.#affect.get(track.id) ?? [];
    if (face?.expressions) samples.push({ tMs, negative: NEGATIVE.reduce((sum, key) => sum + face.expressions![key], 0) });
    while (samples.length && samples[0]!.tMs < tMs - windowS * 1000) samples.shift();
    this.#affect.set(track.id, samples);
    const spanS = samples.length > 1 ? (samples.at(-1)!.tMs - samples[0]!.tMs) / 1000 : 0;
    if (samples.length < 3 || spanS < windowS * 0.75) return;
    const negative = samples.filter((s) => s.negative >= minScore);
    if (negative.length / samples.length < minShare) return;
    const mean = negative.reduce((sum, s) => sum + s.negative, 0) / negative.length;
    const severity = mean >= 0.9 ? 'high' : mean >= 0.75 ? 'medium' : 'low';
    this.#raise(track, zone, 'negative-affect', { severity, confidence: round2(mean * (negative.length / samples.length)), durationS: round2(spanS) }, tMs, events);
  }

  #raise(track: Track, zone: DistressZone, kind: Kind, detail: Pick<DistressEvent, 'severity' | 'confidence' | 'durationS'>, tMs: number, events: DistressEvent[]): void {
    const trackKey = `${track.id}|${kind}`;
    const zoneKey = `${zone.id}|${kind}`;
    if (this.#raised.has(trackKey)) return;
    this.#raised.add(trackKey);
    // Long waits are per person; a fall or distress seen again in the zone soon after is the same episode.
    if (kind !== 'long-wait') {
      if ((this.#zoneQuietUntil.get(zoneKey) ?? -Infinity) > tMs) return;
      this.#zoneQuietUntil.set(zoneKey, tMs + this.settings.cooldownS * 1000);
    }
    events.push({ zoneId: zone.id, kind, ...detail });
  }
}
