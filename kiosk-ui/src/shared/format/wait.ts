/**
 * A predicted wait as people read it: whole minutes, the low end rounded down and the high end
 * up, so the range honestly contains the 80 % interval it comes from.
 */
import type { Prediction } from '../api/queue-types.ts';

export type WaitText = { kind: 'unknown' } | { kind: 'under-minute' } | { kind: 'range'; low: number; high: number };

export function waitMinutes(prediction: Prediction | null): WaitText {
  if (!prediction) return { kind: 'unknown' };
  if (prediction.highS < 60) return { kind: 'under-minute' };
  const low = Math.max(0, Math.floor(prediction.lowS / 60));
  const high = Math.max(low, 1, Math.ceil(prediction.highS / 60));
  return { kind: 'range', low, high };
}
