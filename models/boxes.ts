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

/** Greedy non-maximum suppression: highest score first, drops any box overlapping a kept one by more than `maxIou`. */
export function nonMaxSuppression<T extends { box: Box; score: number }>(items: readonly T[], maxIou: number, limit = Infinity): T[] {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const item of sorted) {
    if (kept.length >= limit) break;
    if (kept.every((other) => iou(other.box, item.box) <= maxIou)) kept.push(item);
  }
  return kept;
}
