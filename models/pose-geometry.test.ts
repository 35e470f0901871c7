import { describe, expect, test } from 'vitest';
import { headBelowHips, hipHeight, KEYPOINT_NAMES, torsoAngleDeg, type KeypointName, type Pose } from './pose-geometry.ts';

/** A pose with the given points visible (score 0.9) and every other point invisible (score 0.1, at the centre). */
function pose(points: Partial<Record<KeypointName, readonly [number, number]>>, aspect = 1): Pose {
  const keypoints = KEYPOINT_NAMES.map((name) => {
    const point = points[name];
    return point ? { name, x: point[0], y: point[1], score: 0.9 } : { name, x: 0.5, y: 0.5, score: 0.1 };
  });
  return { keypoints, score: 0.5, aspect };
}

const standing = pose({ nose: [0.5, 0.1], left_shoulder: [0.55, 0.2], right_shoulder: [0.45, 0.2], left_hip: [0.53, 0.5], right_hip: [0.47, 0.5] });
const lying = pose({ nose: [0.1, 0.78], left_shoulder: [0.2, 0.75], right_shoulder: [0.2, 0.85], left_hip: [0.5, 0.76], right_hip: [0.5, 0.84] });

describe('torsoAngleDeg', () => {
  test('0 upright, 90 lying, 180 upside down, 45 in between', () => {
    expect(torsoAngleDeg(standing)).toBeCloseTo(0, 6);
    expect(torsoAngleDeg(lying)).toBeCloseTo(90, 6);
    expect(torsoAngleDeg(pose({ left_shoulder: [0.5, 0.8], left_hip: [0.5, 0.4] }))).toBeCloseTo(180, 6);
    expect(torsoAngleDeg(pose({ left_shoulder: [0.4, 0.4], left_hip: [0.6, 0.6] }))).toBeCloseTo(45, 6);
    expect(torsoAngleDeg(pose({ left_shoulder: [0.6, 0.4], left_hip: [0.4, 0.6] }))).toBeCloseTo(45, 6);
  });

  test('measured in pixels: the frame aspect counts', () => {
    // 0.2 × 16/9 wide, 0.2 tall: flatter than 45° on a 16:9 frame.
    const tilted = { left_shoulder: [0.4, 0.4], left_hip: [0.6, 0.6] } as const;
    expect(torsoAngleDeg(pose(tilted, 16 / 9))).toBeCloseTo((Math.atan(16 / 9) * 180) / Math.PI, 6);
  });

  test('one side stands in for a hidden pair; null without a hip or a shoulder', () => {
    expect(torsoAngleDeg(pose({ right_shoulder: [0.5, 0.2], left_hip: [0.5, 0.5] }))).toBeCloseTo(0, 6);
    expect(torsoAngleDeg(pose({ nose: [0.5, 0.1], left_shoulder: [0.5, 0.2], right_shoulder: [0.5, 0.2] }))).toBeNull();
    expect(torsoAngleDeg(pose({ left_hip: [0.5, 0.5] }))).toBeNull();
    expect(torsoAngleDeg(pose({}))).toBeNull();
  });

  test('a point counts only from minScore', () => {
    expect(torsoAngleDeg(standing, 0.95)).toBeNull();
    // The invisible points (0.1) count at a threshold of 0.05, and all sit at the centre.
    expect(torsoAngleDeg(pose({}), 0.05)).toBeNull();
  });
});

describe('hipHeight and headBelowHips', () => {
  test('mid-hip y, normalised; null without hips', () => {
    expect(hipHeight(standing)).toBeCloseTo(0.5, 6);
    expect(hipHeight(lying)).toBeCloseTo(0.8, 6);
    expect(hipHeight(pose({ nose: [0.5, 0.1] }))).toBeNull();
  });

  test('head lower in the image than the hips', () => {
    expect(headBelowHips(standing)).toBe(false);
    expect(headBelowHips(lying)).toBe(false); // head 0.78, hips 0.8: about level, not below
    expect(headBelowHips(pose({ left_ear: [0.3, 0.9], left_hip: [0.5, 0.7] }))).toBe(true);
    expect(headBelowHips(pose({ left_hip: [0.5, 0.7] }))).toBeNull();
    expect(headBelowHips(pose({ nose: [0.5, 0.7] }))).toBeNull();
  });
});
