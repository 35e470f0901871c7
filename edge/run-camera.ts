/**
 * One camera's per-frame loop: capture → privacy mask → motion gate → detect → track → zones →
 * analyzers → events. Detection runs in worker threads, so up to `depth` frames are in flight at
 * once; everything after detection happens strictly in frame order. The poses the fall detector
 * asks for are estimated with the detection of the next frame sent, on the people it named then.
 */
import type { EventData, EventType } from '../protocol/events.ts';
import type { CameraConfig, EdgeConfig } from './config.ts';
import { DistressAnalyzer } from './analyzers/distress.ts';
import { ZoneOccupancy } from './analyzers/occupancy.ts';
import { LiveCounts } from './analyzers/live-count.ts';
import { QueueAnalyzer } from './analyzers/queue.ts';
import type { Logger } from './logger.ts';
import type { DetectorPool } from './pipeline/detect.ts';
import { MotionGate } from './pipeline/motion.ts';
import { Tracker, type Track } from './pipeline/track.ts';
import type { Pose } from '../models/pose-geometry.ts';
import { iou } from './pipeline/track.ts';
import type { Box, Detections, FaceDetection, Frame, PoseEstimate } from './pipeline/types.ts';
import { footPoint } from './pipeline/types.ts';
import { insidePolygon, PrivacyMask, zonesOf, type Polygon } from './pipeline/zones.ts';

export type Publish = <T extends EventType>(type: T, data: EventData<T>) => Promise<void>;

/** What the loop learned from one frame; the evaluation tool reads these. */
export interface FrameResult {
  frame: Pick<Frame, 'seq' | 'tMs'>;
  detected: boolean;
  /** The confirmed tracks as they were on this frame (copies: later frames do not change them). */
  tracks: Track[];
  /** People in each zone now: confirmed tracks by foot point, steadied over `countWindowMs`. */
  zoneCounts: Record<string, number>;
  /** The same on this frame alone (no smoothing, no inertia). */
  rawZoneCounts: Record<string, number>;
  events: { type: EventType; data: EventData<EventType> }[];
}

export interface CameraLoopOptions {
  camera: CameraConfig;
  config: Pick<EdgeConfig, 'detection' | 'queue' | 'distress'>;
  /** Its pool has the pose model when `config.detection.poses` is on. */
  detector: Pick<DetectorPool, 'detect'>;
  /** Frames in flight in the detector; the number of workers keeps every core busy. */
  depth: number;
  publish: Publish;
  log: Logger;
}

function boundingBox(polygon: Polygon): Box {
  const xs = polygon.map(([x]) => x);
  const ys = polygon.map(([, y]) => y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

/** The stages after capture, for one camera; `process` is called with frames in order. */
export class CameraPipeline {
  readonly #mask: PrivacyMask;
  readonly #motion: MotionGate;
  // Counted from the first detection: on MOT15 TUD-Campus (npm run eval) waiting for a second one
  // only delayed people joining, the score threshold already keeps false positives out.
  readonly #tracker = new Tracker({ minHits: 1, maxAgeMs: 1500 });
  readonly #occupancy: ZoneOccupancy;
  readonly #liveCounts: LiveCounts;
  readonly #queues: QueueAnalyzer[];
  readonly #distress: DistressAnalyzer;
  readonly #faces: boolean;
  /** Where faces may be looked for: the bounding boxes of the zones that opted in. */
  readonly #faceRegions: Box[];
  /** Frames (seq) where the picture was cut, not yet finished. */
  readonly #cuts: number[] = [];

  constructor(private readonly options: CameraLoopOptions) {
    const { camera, config } = options;
    this.#mask = new PrivacyMask(camera.masks);
    this.#motion = new MotionGate({ forceEveryMs: config.detection.refreshS * 1000 });
    this.#occupancy = new ZoneOccupancy(camera.zones);
    this.#liveCounts = new LiveCounts(config.detection.countWindowMs);
    this.#queues = camera.zones.filter((zone) => zone.queue).map((zone) => new QueueAnalyzer(zone.id, config.queue));
    this.#distress = new DistressAnalyzer(camera.zones, config.distress, { width: camera.width, height: camera.height });
    // Faces are looked at only where the branch and a zone both switched expression analysis on.
    this.#faces = config.detection.expressions && this.#distress.wantsExpressions;
    this.#faceRegions = camera.zones.filter((zone) => zone.expressions).map((zone) => boundingBox(zone.polygon));
  }

  /** People in this camera's expression zones since the last call whose face could be read, and not; null without face analysis. */
  takeAffectCoverage(): { assessed: number; notAssessable: number } | null {
    return this.#faces ? this.#distress.takeAffectCoverage() : null;
  }

  /**
   * Stage 1, in frame order: mask, then decide whether to detect; returns the pending detection.
   * A failed detection (a worker died) counts as a frame without one: the tracks carry on.
   */
  begin(frame: Frame): Promise<Detections | null> | null {
    this.#mask.apply(frame);
    // Detect when something moved, and every refreshS anyway so a carried result cannot go stale.
    const motion = this.#motion.update(frame);
    if (motion.cut) this.#cuts.push(frame.seq);
    if (!motion.detect) return null;
    const poseBoxes = this.options.config.detection.poses ? this.#distress.poseRequests(frame.tMs).map((candidate) => candidate.box) : [];
    const faces = this.#faces ? { faces: true, zonesOfInterest: this.#faceRegions } : { faces: false };
    return this.options.detector.detect(frame, { ...faces, ...(poseBoxes.length > 0 ? { poseBoxes } : {}) }).catch((error: unknown) => {
      this.options.log.warn({ err: error, cameraId: frame.cameraId, seq: frame.seq }, 'detection failed; carrying the last result forward');
      return null;
    });
  }

  /** Stage 2, in frame order: track, place in zones, analyse, publish. */
  async finish(frame: Pick<Frame, 'seq' | 'tMs'>, detections: Detections | null): Promise<FrameResult> {
    const { tMs } = frame;
    // What people's boxes did before a cut says nothing about them after it.
    while (this.#cuts.length > 0 && this.#cuts[0]! <= frame.seq) {
      this.#cuts.shift();
      this.#distress.pictureCut();
    }
    let tracks: Track[];
    let faces: FaceDetection[] | null = null;
    let poses = new Map<string, Pose>();
    if (detections) {
      const persons = detections.persons.filter((person) => {
        const foot = footPoint(person.box);
        return !this.#mask.covers(foot.x, foot.y);
      });
      // Weak detections may keep following the people who may be falling (lying people score low).
      const fallCandidates = new Set(this.#distress.fallCandidates().map((candidate) => candidate.trackId));
      const weak = detections.weakPersons.filter((person) => {
        const foot = footPoint(person.box);
        return !this.#mask.covers(foot.x, foot.y);
      });
      tracks = this.#tracker.update(persons, tMs, { detections: weak, forTracks: fallCandidates });
      poses = posesOfTracks(detections.poses, tracks);
      // Only faces whose centre lies in a zone that opted in are looked at further.
      const expressionZones = this.options.camera.zones.filter((zone) => zone.expressions);
      faces = this.#faces
        ? detections.faces.filter((face) => expressionZones.some((zone) => insidePolygon(face.box.x + face.box.w / 2, face.box.y + face.box.h / 2, zone.polygon)))
        : null;
    } else {
      tracks = this.#tracker.carry(tMs);
    }
    const departures = this.#occupancy.update(tracks, tMs);
    const events: FrameResult['events'] = [];
    const rawZoneCounts: Record<string, number> = {};
    for (const zone of this.options.camera.zones) rawZoneCounts[zone.id] = 0;
    for (const track of tracks) for (const zoneId of zonesOf(track.box, this.options.camera.zones)) rawZoneCounts[zoneId]!++;
    const zoneCounts = this.#liveCounts.update(rawZoneCounts, tMs);
    for (const queue of this.#queues) {
      const observed = queue.update(this.#occupancy.in(queue.zoneId), departures.filter((d) => d.zoneId === queue.zoneId), tMs);
      if (observed) events.push({ type: 'tp.queue.observed', data: observed });
    }
    const presences = this.options.camera.zones.flatMap((zone) => this.#occupancy.in(zone.id));
    for (const distress of this.#distress.update(tracks, presences, faces, poses, tMs)) events.push({ type: 'tp.distress.detected', data: distress });
    for (const event of events) await this.options.publish(event.type, event.data);
    // The tracker keeps updating its Track objects on later frames: hand out this frame's state.
    const snapshot = tracks.map((track) => ({ ...track, box: { ...track.box } }));
    return { frame, detected: detections !== null, tracks: snapshot, zoneCounts, rawZoneCounts, events };
  }
}

/** Each pose goes to the track whose box now overlaps the box it was estimated on most. */
function posesOfTracks(estimates: readonly PoseEstimate[], tracks: readonly Track[]): Map<string, Pose> {
  const poses = new Map<string, Pose>();
  for (const { box, pose } of estimates) {
    let best: Track | null = null;
    let bestOverlap = 0.3;
    for (const track of tracks) {
      const overlap = iou(box, track.box);
      if (overlap >= bestOverlap) [best, bestOverlap] = [track, overlap];
    }
    if (best) poses.set(best.id, pose);
  }
  return poses;
}

/**
 * Runs a pipeline over a stream of frames, keeping up to `depth` detections in flight.
 * Resolves when the frames end; each result is handed to `onResult` in order.
 */
export async function runFrames(frames: AsyncIterable<Frame>, pipeline: CameraPipeline, depth: number, onResult?: (result: FrameResult) => void): Promise<void> {
  const inflight: { frame: Pick<Frame, 'seq' | 'tMs'>; detection: Promise<Detections | null> | null }[] = [];
  const settleOldest = async () => {
    const { frame, detection } = inflight.shift()!;
    const result = await pipeline.finish(frame, detection ? await detection : null);
    onResult?.(result);
  };
  for await (const frame of frames) {
    inflight.push({ frame: { seq: frame.seq, tMs: frame.tMs }, detection: pipeline.begin(frame) });
    while (inflight.length >= Math.max(1, depth)) await settleOldest();
  }
  while (inflight.length) await settleOldest();
}
