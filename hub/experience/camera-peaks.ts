/** Camera queue counts → the highest per zone in a window; merged by taking the highest. Pure. */
import { inWindow, type Window } from './durations.ts';
import type { QueueObservationRecord } from './kpi-types.ts';

/** Zone id → the highest count a camera reported in the window. */
export function cameraPeaks(observations: readonly QueueObservationRecord[], window: Window): Record<string, number> {
  const peaks: Record<string, number> = {};
  for (const observation of observations) {
    if (inWindow(observation.at, window)) peaks[observation.zoneId] = Math.max(peaks[observation.zoneId] ?? 0, observation.count);
  }
  return peaks;
}

export function mergePeaks(list: readonly Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const peaks of list) {
    for (const [key, peak] of Object.entries(peaks)) merged[key] = Math.max(merged[key] ?? 0, peak);
  }
  return merged;
}
