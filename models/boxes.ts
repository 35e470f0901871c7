/** Box helpers shared by the detectors: normalised boxes (0..1, top-left origin), greedy NMS. */
import type { Box } from '../edge/pipeline/types.ts';

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** Clips a box given by its corners to the unit square; null when nothing of it is left. */
export function clipCorners(x1: number, y1: number, x2: number, y2: number): Box | null {
  const left = Math.max(0, Math.min(1, x1));
  const top = Math.max(0, Math.min(1, y1));
  const right = Math.max(0, Math.min(1, x2));
  const bottom = Math.max(0, Math.min(1, y2));
  if (right - left <= 0 || bottom - top <= 0) return null;
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** Share of the smaller box that lies inside the other (1 when one contains the other). */
export function containment(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  const smaller = Math.min(a.w * a.h, b.w * b.h);
  return w > 0 && h > 0 && smaller > 0 ? (w * h) / smaller : 0;
}

/**
 * Greedy non-maximum suppression: highest score first, drops any box overlapping a kept one by more
 * than `maxIou`, or lying more than `maxContainment` inside it or around it (a detector's second,
 * weaker box for a torso or the legs of a person it already found overlaps little by IoU).
 */
export function nonMaxSuppression<T extends { box: Box; score: number }>(items: readonly T[], maxIou: number, limit = Infinity, maxContainment = 1): T[] {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const item of sorted) {
    if (kept.length >= limit) break;
    if (kept.every((other) => iou(other.box, item.box) <= maxIou && containment(other.box, item.box) <= maxContainment)) kept.push(item);
  }
  return kept;
}
