/**
 * Falls, per tracked person: a quick transition from upright to down, then lying there.
 *
 * Each frame gives a person's box (and, for candidates, a pose). From the box alone: the height
 * they stand at (the median height of their upright boxes in the last seconds), and whether the
 * box has collapsed to well under that height and turned wide. From the pose, when the model could
 * see the torso: its angle to the vertical (a veto on sitting and kneeling, whose torso stays
 * upright) and how high the hips are above the feet (a veto on bending over, whose hips stay up).
 * A pose that is not clear enough says nothing, and the box decides alone.
 *
 * A fall is raised once the person has been down for `minDurationS`, when an upright moment came no
 * more than `maxTransitionS` and no less than `MIN_FALL_MS` before they went down (severity high):
 * nobody falls from standing to the floor faster than that, and a box that "falls" in one frame is
 * the tracker taking one person for another. Someone first seen already down (walked in from a
 * blind spot, the tracker lost them while falling) is raised only with more evidence: a whole box
 * (not cut by the frame's edge) and a pose seen lying, after the longer `unseenDownS` (medium), and
 * again, as high, if still down after `escalateAfterS` — the hub raises the open alert's severity on
 * a repeat. Getting up ends the episode.
 *
 * Which people are worth a pose: `candidates()` names the tracks whose box is no longer clearly
 * upright or has shrunk quickly; everyone else is skipped, so the pose model runs on a few crops,
 * not on every person every frame. `poseRequests()` asks again only once a second for a candidate
 * whose box has not changed for a while (someone sitting, or cut by the frame's edge).
 */
import type { Track } from '../pipeline/track.ts';
import type { Box } from '../pipeline/types.ts';
import { headBelowHips, hipHeight, torsoAngleDeg, type Pose } from '../../models/pose-geometry.ts';

export interface FallSettings {
  /** Box width ÷ height (pixels) of a person lying, when nothing better is known. */
  minAspect: number;
  /** Down for this long after a transition seen: a fall. */
  minDurationS: number;
  /** The upright moment must come at most this long before going down. */
  maxTransitionS: number;
  /** Seen only down (no transition): raised after this long. */
  unseenDownS: number;
  /** Still down this long after a medium fall: raised again as high. */
  escalateAfterS: number;
  /** Box bottom at least this low in the frame (0 top, 1 bottom). */
  minBottom: number;
}

export interface FallSign {
  trackId: string;
  severity: 'medium' | 'high';
  confidence: number;
  /** How long the person has been down. */
  durationS: number;
}

/** Going down: a box under this share of the person's standing height (and wide) has collapsed. */
const COLLAPSED_HEIGHT = 0.6;
/** Staying down: the box stays under this share of the standing height, or this wide. */
const STILL_COLLAPSED_HEIGHT = 0.7;
const STILL_WIDE_ASPECT = 0.8;
/** A box at least this wide (pixels) counts as no longer upright. */
const WIDE_ASPECT = 0.9;
/** A candidate for a pose: a box under this share of the standing height (going down, or bending). */
const SHRUNK_HEIGHT = 0.8;
/** Upright: a tall box. */
const UPRIGHT_ASPECT = 0.7;
/** A fall starts from a box at least this share of the standing height (a shorter one is already going down). */
const STANDING_HEIGHT = 0.85;
/** Torso angles: under this the person sits, kneels or stands; over this they lie. */
const TORSO_UPRIGHT_DEG = 30;
const TORSO_LYING_DEG = 60;
/** A pose vetoes only when the model saw the person this clearly (mean keypoint score): it is often unsure of people lying. */
const CLEAR_POSE = 0.4;
const USABLE_POSE = 0.3;
/** Hips higher above the feet than this share of the standing height: bending over, not lying. */
const HIPS_UP = 0.35;
/** A box this close to the frame's edge is cut off: its height (or width) is not the person's. */
const EDGE = 0.01;
/** A candidate whose box kept its shape and place this long is steady: a pose for it at most every POSE_STEADY_EVERY_MS. */
const STEADY_MS = 2000;
const POSE_STEADY_EVERY_MS = 1000;
/** A box change over this share (height, width) or this much (bottom, of the frame) ends steadiness. */
const STEADY_CHANGE = 0.1;
const STEADY_SHIFT = 0.02;
/** The fastest fall from upright to down. */
const MIN_FALL_MS = 300;
/**
 * The fastest a falling person's head (the box's top) goes down, in standing heights per second
 * (a head falling 1.7 m peaks at about 4 m/s): a box whose top drops faster is another person's box
 * the tracker took for this one's.
 */
const MAX_DROP_PER_S = 2.5;
/** Through a fall the box's bottom rises at most this share of the standing box's height (falling away from the camera). */
const MAX_FEET_RISE = 0.3;
/** Someone lying is about as long as they stand tall: a box narrower than this share of the standing height is not them lying. */
const MIN_LYING_LENGTH = 0.5;
/** How much history a person keeps, and how long a lost person's history waits for them. */
const HISTORY_MS = 8000;
const RELINK_MS = 2000;
/** Frames not down for less than this (detector flicker) do not end the time down. */
const DOWN_GRACE_MS = 1000;

interface Sample {
  tMs: number;
  box: Box;
  heightPx: number;
  aspect: number;
}

interface PersonState {
  samples: Sample[];
  downSinceMs: number | null;
  lastDownMs: number;
  /** Whether the current time down followed an upright moment (a transition was seen). */
  transition: boolean;
  /** Whether a usable pose showed the person lying during the current time down. */
  poseLying: boolean;
  raised: 'medium' | 'high' | null;
  lastSeenMs: number;
  /** Since when the box has kept its shape and place, and when a pose was last asked for. */
  steadySinceMs: number;
  poseAskedMs: number;
}

export class FallDetector {
  readonly #people = new Map<string, PersonState>();
  /** Tracks that ended recently, kept for a new track at the same place (the tracker lost them mid-fall). */
  readonly #lost = new Map<string, PersonState>();

  constructor(
    private readonly settings: FallSettings,
    private readonly frame: { width: number; height: number },
  ) {}

  /** Tracks worth a pose on the next frame, and worth following on weak detections: not clearly upright, or shrinking (or just lost so). */
  candidates(): { trackId: string; box: Box }[] {
    const out: { trackId: string; box: Box }[] = [];
    for (const [trackId, person] of [...this.#people, ...this.#lost]) {
      const last = person.samples.at(-1);
      if (!last) continue;
      const standing = standingHeight(person.samples);
      if (last.aspect >= WIDE_ASPECT || person.downSinceMs !== null || (standing !== null && last.heightPx < SHRUNK_HEIGHT * standing)) out.push({ trackId, box: last.box });
    }
    return out;
  }

  /**
   * The picture was cut (a cut in a clip, the camera moved): boxes before and after are not the same
   * scene, so no transition may span it. An episode already raised stays raised.
   */
  forgetHistory(): void {
    for (const person of this.#people.values()) {
      person.samples = [];
      if (person.raised === null) person.downSinceMs = null;
    }
    this.#lost.clear();
  }

  /** The candidates to estimate a pose for on the frame at `tMs`: steady ones only once a second. */
  poseRequests(tMs: number): { trackId: string; box: Box }[] {
    return this.candidates().filter(({ trackId }) => {
      const person = this.#people.get(trackId) ?? this.#lost.get(trackId)!;
      const steady = tMs - person.steadySinceMs >= STEADY_MS;
      if (steady && tMs - person.poseAskedMs < POSE_STEADY_EVERY_MS) return false;
      person.poseAskedMs = tMs;
      return true;
    });
  }

  /** One frame: the tracks seen and the poses estimated for some of them. Returns the falls to raise. */
  update(tracks: readonly Track[], poses: ReadonlyMap<string, Pose>, tMs: number): FallSign[] {
    const signs: FallSign[] = [];
    const seen = new Set<string>();
    for (const track of tracks) {
      seen.add(track.id);
      const person = this.#person(track, tMs);
      const sample: Sample = {
        tMs,
        box: track.box,
        heightPx: track.box.h * this.frame.height,
        aspect: (track.box.w * this.frame.width) / (track.box.h * this.frame.height),
      };
      const previous = person.samples.at(-1);
      if (!previous || changed(previous, sample)) person.steadySinceMs = tMs;
      const standing = standingHeight(person.samples);
      const down = person.downSinceMs === null ? this.#goesDown(sample, standing, poses.get(track.id)) : this.#staysDown(sample, standing);
      const upright = sample.aspect < UPRIGHT_ASPECT && !down;
      person.samples.push(sample);
      while (person.samples.length && person.samples[0]!.tMs < tMs - HISTORY_MS) person.samples.shift();
      person.lastSeenMs = tMs;
      if (!down) {
        if (person.downSinceMs !== null && tMs - person.lastDownMs > DOWN_GRACE_MS) person.downSinceMs = null;
        // Up again: the episode is over. (Sitting up on the floor is not: the fall stays raised.)
        if (upright) person.raised = null;
        continue;
      }
      person.lastDownMs = tMs;
      if (person.downSinceMs === null) {
        person.downSinceMs = tMs;
        person.transition = this.#fellJustNow(person.samples, standing, tMs);
        person.poseLying = false;
      }
      const pose = poses.get(track.id);
      const torso = pose && pose.score >= USABLE_POSE ? torsoAngleDeg(pose) : null;
      if (torso !== null && torso >= TORSO_LYING_DEG) person.poseLying = true;
      const sign = this.#decide(track, person, sample, standing, tMs);
      if (sign) signs.push(sign);
    }
    for (const [id, person] of this.#people) {
      if (seen.has(id)) continue;
      this.#people.delete(id);
      this.#lost.set(id, person);
    }
    for (const [id, person] of this.#lost) if (tMs - person.lastSeenMs > RELINK_MS) this.#lost.delete(id);
    return signs;
  }

  /** The state of a track: its own, or that of a person lost just before at the same place. */
  #person(track: Track, tMs: number): PersonState {
    const known = this.#people.get(track.id);
    if (known) return known;
    let best: [string, PersonState] | null = null;
    let bestDistance = Infinity;
    for (const entry of this.#lost) {
      const last = entry[1].samples.at(-1);
      if (!last || tMs - entry[1].lastSeenMs > RELINK_MS) continue;
      const reach = Math.max(last.box.w, last.box.h, track.box.w, track.box.h);
      const distance = Math.hypot(centreX(last.box) - centreX(track.box), bottom(last.box) - bottom(track.box)) / reach;
      if (distance <= 0.6 && distance < bestDistance) [best, bestDistance] = [entry, distance];
    }
    const person = best ? best[1] : {
      samples: [], downSinceMs: null, lastDownMs: -Infinity, transition: false, poseLying: false, raised: null, lastSeenMs: tMs, steadySinceMs: tMs, poseAskedMs: -Infinity,
    };
    if (best) this.#lost.delete(best[0]);
    this.#people.set(track.id, person);
    return person;
  }

  /**
   * Whether the samples show the person standing (a tall box, at their standing height when known),
   * then a plausible fall ending now (the last sample).
   */
  #fellJustNow(samples: readonly Sample[], standing: number | null, tMs: number): boolean {
    const start = samples.findLastIndex((s) => s.aspect < UPRIGHT_ASPECT && s.tMs < tMs && (standing === null || s.heightPx >= STANDING_HEIGHT * standing));
    if (start < 0) return false;
    const fallMs = tMs - samples[start]!.tMs;
    if (fallMs < MIN_FALL_MS || fallMs > this.settings.maxTransitionS * 1000) return false;
    const unit = samples[start]!.box.h;
    // The feet stay where they were: a box that shrank from the bottom is not a fall (someone walked off, or it is another box).
    if (bottom(samples[start]!.box) - bottom(samples.at(-1)!.box) > MAX_FEET_RISE * unit) return false;
    for (let i = start + 1; i < samples.length; i++) {
      const [before, after] = [samples[i - 1]!, samples[i]!];
      const dropPerS = (after.box.y - before.box.y) / unit / ((after.tMs - before.tMs) / 1000);
      if (dropPerS > MAX_DROP_PER_S) return false;
    }
    return true;
  }

  /** Strong signs of going down: the box collapsed or lies wide, low in the frame, and a clear pose does not say otherwise. */
  #goesDown(sample: Sample, standing: number | null, pose: Pose | undefined): boolean {
    if (bottom(sample.box) < this.settings.minBottom) return false;
    const torso = pose ? torsoAngleDeg(pose) : null;
    const clear = pose !== undefined && pose.score >= CLEAR_POSE;
    // A clear pose vetoes: an upright torso sits, kneels or stands; hips held high bend over.
    if (clear && torso !== null && torso < TORSO_UPRIGHT_DEG) return false;
    const hip = clear ? hipHeight(pose) : null;
    if (hip !== null && standing !== null && (bottom(sample.box) - hip) * this.frame.height > HIPS_UP * standing) return false;
    if (standing !== null && sample.box.w * this.frame.width < MIN_LYING_LENGTH * standing) return false;
    const collapsed = standing !== null && sample.heightPx < COLLAPSED_HEIGHT * standing && sample.aspect >= WIDE_ASPECT;
    const usable = pose !== undefined && pose.score >= USABLE_POSE;
    const poseLying = usable && torso !== null && torso >= TORSO_LYING_DEG && (sample.aspect >= WIDE_ASPECT || headBelowHips(pose) === true);
    return collapsed || poseLying || sample.aspect >= this.settings.minAspect;
  }

  /** Once down, a person stays down until the box is tall again (a pose of someone lying is too unsure to end it). */
  #staysDown(sample: Sample, standing: number | null): boolean {
    return sample.aspect >= STILL_WIDE_ASPECT || (standing !== null && sample.heightPx < STILL_COLLAPSED_HEIGHT * standing);
  }

  #decide(track: Track, person: PersonState, sample: Sample, standing: number | null, tMs: number): FallSign | null {
    const { minDurationS, unseenDownS, escalateAfterS, minAspect } = this.settings;
    const downS = (tMs - person.downSinceMs!) / 1000;
    const shape = Math.min(1, sample.aspect / minAspect);
    const collapse = standing === null ? 0.5 : Math.min(1, Math.max(0, 1 - sample.heightPx / standing) / (1 - COLLAPSED_HEIGHT));
    const confidence = round2(Math.min(1, track.score * (0.5 + 0.25 * shape + 0.25 * collapse) * (person.transition ? 1 : 0.8)));
    if (person.raised === null) {
      if (person.transition ? downS < minDurationS : downS < unseenDownS || !person.poseLying || !whole(sample.box)) return null;
      person.raised = person.transition ? 'high' : 'medium';
      return { trackId: track.id, severity: person.raised, confidence, durationS: round2(downS) };
    }
    if (person.raised === 'medium' && downS >= escalateAfterS) {
      person.raised = 'high';
      return { trackId: track.id, severity: 'high', confidence, durationS: round2(downS) };
    }
    return null;
  }
}

/** The median height of the person's whole upright boxes in their history, in pixels; null when never seen upright and whole. */
function standingHeight(samples: readonly Sample[]): number | null {
  const heights = samples.filter((s) => s.aspect < UPRIGHT_ASPECT && whole(s.box)).map((s) => s.heightPx).sort((a, b) => a - b);
  return heights.length === 0 ? null : heights[Math.floor(heights.length / 2)]!;
}

/** Whether the box changed shape or moved since the sample before. */
function changed(before: Sample, after: Sample): boolean {
  const ratio = (a: number, b: number) => Math.abs(a - b) / Math.max(a, 1e-6);
  return ratio(before.box.h, after.box.h) > STEADY_CHANGE || ratio(before.box.w, after.box.w) > STEADY_CHANGE || Math.abs(bottom(before.box) - bottom(after.box)) > STEADY_SHIFT;
}

/** Not cut by any edge of the frame. */
const whole = (box: Box) => box.x > EDGE && box.y > EDGE && box.x + box.w < 1 - EDGE && bottom(box) < 1 - EDGE;
const centreX = (box: Box) => box.x + box.w / 2;
const bottom = (box: Box) => box.y + box.h;
const round2 = (value: number) => Math.round(value * 100) / 100;
