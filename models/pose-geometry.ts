/**
 * A single person's pose (17 COCO keypoints, as MoveNet estimates them) and the few measures the
 * fall logic reads from it. Pure: no tfjs, no I/O. Coordinates are normalised to the frame (x, y in
 * 0..1 from the top-left corner); `aspect` (frame width / height) turns them back into true angles.
 * A keypoint counts only when its score reaches `minScore`; a measure whose points are not visible
 * is `null`, never a guess.
 */

export const KEYPOINT_NAMES = [
  'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
  'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
  'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
] as const;
export type KeypointName = (typeof KEYPOINT_NAMES)[number];

export interface Keypoint {
  name: KeypointName;
  /** Normalised to the frame, 0..1. */
  x: number;
  y: number;
  /** The model's confidence, 0..1 (MoveNet's upstream advice: ignore points under 0.3). */
  score: number;
}

export interface Pose {
  /** All 17, in KEYPOINT_NAMES order, visible or not. */
  keypoints: Keypoint[];
  /** Mean keypoint score. */
  score: number;
  /** Frame width / height, so that angles are measured in pixels, not in normalised units. */
  aspect: number;
}

export const MIN_KEYPOINT_SCORE = 0.3;

type Point = { x: number; y: number };

function visible(pose: Pose, name: KeypointName, minScore: number): Keypoint | null {
  const point = pose.keypoints.find((k) => k.name === name);
  return point && point.score >= minScore ? point : null;
}

/**
 * The middle of a left/right pair. When only one side is visible it stands in for both: seen from
 * the side, one hip or shoulder hides the other, and they are close in the image anyway.
 */
function middle(pose: Pose, left: KeypointName, right: KeypointName, minScore: number): Point | null {
  const points = [visible(pose, left, minScore), visible(pose, right, minScore)].filter((p) => p !== null);
  if (points.length === 0) return null;
  return { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length };
}

/** The mean of the visible head points (nose, eyes, ears), or null when none is visible. */
function head(pose: Pose, minScore: number): Point | null {
  const points = (['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear'] as const).map((name) => visible(pose, name, minScore)).filter((p) => p !== null);
  if (points.length === 0) return null;
  return { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length };
}

/**
 * Angle in degrees between the line mid-hip → mid-shoulder and the image's vertical, measured in
 * pixels: 0 upright, 90 lying (horizontal), up to 180 upside down (shoulders straight below the hips).
 * Null when no hip or no shoulder is visible.
 */
export function torsoAngleDeg(pose: Pose, minScore = MIN_KEYPOINT_SCORE): number | null {
  const hip = middle(pose, 'left_hip', 'right_hip', minScore);
  const shoulder = middle(pose, 'left_shoulder', 'right_shoulder', minScore);
  if (!hip || !shoulder) return null;
  const dx = (shoulder.x - hip.x) * pose.aspect; // in units of the frame height
  const up = hip.y - shoulder.y; // image y grows downwards
  if (dx === 0 && up === 0) return null;
  return (Math.atan2(Math.abs(dx), up) * 180) / Math.PI;
}

/** Mid-hip y, normalised to the frame (0 top, 1 bottom); null when no hip is visible. */
export function hipHeight(pose: Pose, minScore = MIN_KEYPOINT_SCORE): number | null {
  return middle(pose, 'left_hip', 'right_hip', minScore)?.y ?? null;
}

/** Whether the head (mean of the visible head points) is lower in the image than the mid-hip; null when either is not visible. */
export function headBelowHips(pose: Pose, minScore = MIN_KEYPOINT_SCORE): boolean | null {
  const top = head(pose, minScore);
  const hip = middle(pose, 'left_hip', 'right_hip', minScore);
  if (!top || !hip) return null;
  return top.y > hip.y;
}
