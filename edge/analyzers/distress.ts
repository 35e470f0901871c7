/**
 * Distress analyzer: visible signs that a customer may need help, each episode one event.
 *  - fall: a quick transition from upright to down, then lying there (fall.ts: box and pose), in
 *    the first zone (configuration order) that holds the person's foot point;
 *  - long-wait: a person has dwelt in a zone longer than the zone's `longWaitS`;
 *  - negative-affect (only where expression analysis is switched on for the branch and the zone):
 *    a tracked face at least `minFacePx` large shows negative expressions for most of a window,
 *    never on one frame. A person whose face is smaller, or not seen, is not assessable: counted
 *    (`takeAffectCoverage`, for the node's status), never guessed.
 * A person in two overlapping zones is looked at in each. A track raises each kind once per zone
 * (a fall is raised again, as high, if the person stays down after a medium one); a zone does not
 * repeat a fall or negative affect within `cooldownS`.
 */
import type { EventData } from '../../protocol/events.ts';
import type { Pose } from '../../models/pose-geometry.ts';
import type { Track } from '../pipeline/track.ts';
import type { Box, FaceDetection } from '../pipeline/types.ts';
import { zonesOf, type Polygon } from '../pipeline/zones.ts';
import { FallDetector, type FallSettings } from './fall.ts';
import type { Presence } from './occupancy.ts';

export interface DistressSettings {
  cooldownS: number;
  negativeAffect: { windowS: number; minScore: number; minShare: number; minFacePx: number };
  fall: FallSettings;
}

export interface DistressZone {
  id: string;
  polygon: Polygon;
  longWaitS?: number;
  expressions: boolean;
}

export type DistressEvent = EventData<'tp.distress.detected'>;
type Kind = DistressEvent['kind'];

const NEGATIVE = ['angry', 'sad', 'fearful', 'disgusted'] as const;
/** How long what was raised for a person is remembered once they are out of sight (longer than occupancy's relinking). */
const RAISED_MEMORY_MS = 10_000;
const round2 = (value: number) => Math.round(value * 100) / 100;

export class DistressAnalyzer {
  readonly #falls: FallDetector;
  #affect = new Map<string, { tMs: number; negative: number }[]>(); // `${trackId}|${zoneId}`
  /** `${personId}|${zoneId}|${kind}` → when that person was last seen. */
  #raised = new Map<string, number>();
  #zoneQuietUntil = new Map<string, number>(); // `${zoneId}|${kind}`
  readonly #zoneList: readonly DistressZone[];
  readonly #zones: Map<string, DistressZone>;
  /** People in expression zones on frames with face analysis since the last `takeAffectCoverage`, and those whose face could be read. */
  #coverage = { seen: new Set<string>(), assessed: new Set<string>() };

  constructor(
    zones: readonly DistressZone[],
    private readonly settings: DistressSettings,
    private readonly frame: { width: number; height: number },
  ) {
    this.#zoneList = zones;
    this.#zones = new Map(zones.map((zone) => [zone.id, zone]));
    this.#falls = new FallDetector(settings.fall, frame);
  }

  /**
   * How many people in the expression zones had a face large and clear enough to read since the
   * last call (`assessed`), and how many did not (too small, turned away): the latter were never scored.
   */
  takeAffectCoverage(): { assessed: number; notAssessable: number } {
    const { seen, assessed } = this.#coverage;
    this.#coverage = { seen: new Set(), assessed: new Set() };
    return { assessed: assessed.size, notAssessable: seen.size - assessed.size };
  }

  /** The picture was cut (another scene, the camera moved): no fall may span it. */
  pictureCut(): void {
    this.#falls.forgetHistory();
  }

  /** People who may be falling: worth following on weak detections (the fall detector's candidates). */
  fallCandidates(): { trackId: string; box: Box }[] {
    return this.#falls.candidates();
  }

  /** People to estimate a pose for on the frame at `tMs` (candidates; steady ones once a second). */
  poseRequests(tMs: number): { trackId: string; box: Box }[] {
    return this.#falls.poseRequests(tMs);
  }

  /** Whether any zone of this camera wants facial expressions analysed. */
  get wantsExpressions(): boolean {
    return [...this.#zones.values()].some((zone) => zone.expressions);
  }

  /**
   * `presences`: who is in which zone now (from ZoneOccupancy); `faces`: this frame's faces with
   * expressions, or null when no face analysis ran for this frame; `poses`: the poses estimated for
   * some tracks on this frame.
   */
  update(tracks: readonly Track[], presences: readonly Presence[], faces: readonly FaceDetection[] | null, poses: ReadonlyMap<string, Pose>, tMs: number): DistressEvent[] {
    const events: DistressEvent[] = [];
    const live = new Set(tracks.map((track) => track.id));
    const byId = new Map(tracks.map((track) => [track.id, track]));

    for (const fall of this.#falls.update(tracks, poses, tMs)) {
      const track = byId.get(fall.trackId)!;
      const zoneId = zonesOf(track.box, this.#zoneList)[0];
      if (!zoneId) continue; // zones are the analysed area
      const { severity, confidence, durationS } = fall;
      // Raised again, as high, while still down: the same episode, past the once-per-track rule.
      const escalation = severity === 'high' && durationS >= this.settings.fall.escalateAfterS;
      this.#raise(track, this.#zones.get(zoneId)!, 'fall', { severity, confidence, durationS }, tMs, events, escalation);
    }
    for (const presence of presences) {
      const track = byId.get(presence.trackId);
      if (!track) continue;
      const zone = this.#zones.get(presence.zoneId)!;
      this.#checkLongWait(track, presence, zone, tMs, events);
      if (faces && zone.expressions) this.#checkAffect(track, presence.personId, zone, faces, tMs, events);
    }
    for (const key of this.#affect.keys()) if (!live.has(key.split('|')[0]!)) this.#affect.delete(key);
    for (const presence of presences) live.add(presence.personId);
    // A person out of sight keeps what was raised for them a while: they may be back as another track.
    for (const [key, lastSeenMs] of this.#raised) {
      if (live.has(key.split('|')[0]!)) this.#raised.set(key, tMs);
      else if (tMs - lastSeenMs > RAISED_MEMORY_MS) this.#raised.delete(key);
    }
    return events;
  }

  #checkLongWait(track: Track, presence: Presence, zone: DistressZone, tMs: number, events: DistressEvent[]): void {
    if (!zone.longWaitS) return;
    const dwellS = (tMs - presence.sinceMs) / 1000;
    if (dwellS < zone.longWaitS) return;
    const severity = dwellS >= 2 * zone.longWaitS ? 'high' : dwellS >= 1.5 * zone.longWaitS ? 'medium' : 'low';
    // Once per person, also when they were hidden for a moment and came back as another track.
    this.#raise(track, zone, 'long-wait', { severity, confidence: round2(track.score), durationS: Math.round(dwellS) }, tMs, events, false, presence.personId);
  }

  #checkAffect(track: Track, personId: string, zone: DistressZone, faces: readonly FaceDetection[], tMs: number, events: DistressEvent[]): void {
    const { windowS, minScore, minShare, minFacePx } = this.settings.negativeAffect;
    // The face that belongs to this person: its centre inside the upper half of the person's box.
    const face = faces.find((candidate) => {
      const cx = candidate.box.x + candidate.box.w / 2;
      const cy = candidate.box.y + candidate.box.h / 2;
      return candidate.expressions && cx >= track.box.x && cx <= track.box.x + track.box.w && cy >= track.box.y && cy <= track.box.y + track.box.h / 2;
    });
    const readable = face !== undefined && Math.min(face.box.w * this.frame.width, face.box.h * this.frame.height) >= minFacePx;
    this.#coverage.seen.add(personId);
    if (readable) this.#coverage.assessed.add(personId);
    const key = `${track.id}|${zone.id}`;
    const samples = this.#affect.get(key) ?? [];
    if (readable && face.expressions) samples.push({ tMs, negative: NEGATIVE.reduce((sum, key) => sum + face.expressions![key], 0) });
    while (samples.length && samples[0]!.tMs < tMs - windowS * 1000) samples.shift();
    this.#affect.set(key, samples);
    const spanS = samples.length > 1 ? (samples.at(-1)!.tMs - samples[0]!.tMs) / 1000 : 0;
    if (samples.length < 3 || spanS < windowS * 0.75) return;
    const negative = samples.filter((s) => s.negative >= minScore);
    if (negative.length / samples.length < minShare) return;
    const mean = negative.reduce((sum, s) => sum + s.negative, 0) / negative.length;
    const severity = mean >= 0.9 ? 'high' : mean >= 0.75 ? 'medium' : 'low';
    this.#raise(track, zone, 'negative-affect', { severity, confidence: round2(mean * (negative.length / samples.length)), durationS: round2(spanS) }, tMs, events);
  }

  #raise(track: Track, zone: DistressZone, kind: Kind, detail: Pick<DistressEvent, 'severity' | 'confidence' | 'durationS'>, tMs: number, events: DistressEvent[], escalation = false, personId = track.id): void {
    const trackKey = `${personId}|${zone.id}|${kind}`;
    const zoneKey = `${zone.id}|${kind}`;
    if (escalation) {
      events.push({ zoneId: zone.id, kind, ...detail });
      return;
    }
    if (this.#raised.has(trackKey)) return;
    this.#raised.set(trackKey, tMs);
    // Long waits are per person; a fall or distress seen again in the zone soon after is the same episode.
    if (kind !== 'long-wait') {
      if ((this.#zoneQuietUntil.get(zoneKey) ?? -Infinity) > tMs) return;
      this.#zoneQuietUntil.set(zoneKey, tMs + this.settings.cooldownS * 1000);
    }
    events.push({ zoneId: zone.id, kind, ...detail });
  }
}
