/**
 * What flows between the edge pipeline's stages. Frames stay in this process (and its detection
 * workers): no stage writes one to disk or sends one anywhere; only events leave the node.
 * Coordinates are normalised to the frame: x, y in 0..1 from the top-left corner.
 */
import type { Pose } from '../../models/pose-geometry.ts';

export interface Frame {
  cameraId: string;
  /** 0-based index of the frame since the capture started (restarts continue counting). */
  seq: number;
  /** When the frame was taken, in ms: wall clock for live sources, video time for files. */
  tMs: number;
  width: number;
  height: number;
  /** Packed RGB, width × height × 3 bytes. */
  rgb: Uint8Array;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PersonDetection {
  box: Box;
  score: number;
}

export const EXPRESSIONS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'] as const;
export type Expression = (typeof EXPRESSIONS)[number];

export interface FaceDetection {
  box: Box;
  score: number;
  /** Probabilities summing to about 1; present only when expression analysis is on. */
  expressions?: Record<Expression, number>;
}

/** A person's pose, estimated on the crop of `box` (the detected box that matched the one asked for). */
export interface PoseEstimate {
  box: Box;
  pose: Pose;
}

export interface Detections {
  persons: PersonDetection[];
  /** Detections under the person score, over the pool's `weakPersonScore`: only to keep following someone already tracked. */
  weakPersons: PersonDetection[];
  faces: FaceDetection[];
  /** Poses of the people asked for (`DetectOptions.poseBoxes`), when the pose model is loaded. */
  poses: PoseEstimate[];
  /** Time spent in the models for this frame. */
  inferenceMs: number;
}

export type CameraState = 'starting' | 'ok' | 'stalled' | 'restarting' | 'offline';

const JUST_INSIDE = 1 - 1e-6;

/**
 * The foot point of a person: bottom centre of the box, where they stand on the floor. A box cut
 * off by the frame's edge has its foot point kept just inside the frame, so a zone drawn to the
 * edge contains it.
 */
export function footPoint(box: Box): { x: number; y: number } {
  return { x: Math.min(Math.max(box.x + box.w / 2, 0), JUST_INSIDE), y: Math.min(Math.max(box.y + box.h, 0), JUST_INSIDE) };
}
