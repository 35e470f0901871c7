/** Durations in a mergeable form: exact count and integer-ms sum, a histogram for percentiles. */
import { addSample, mergeHistograms, percentile } from './histogram.ts';
import type { DurationKpi, DurationPart } from './kpi-types.ts';

/** Half-open [start, end) in epoch ms: an instant counts in exactly one hour. */
export interface Window {
  start: number;
  end: number;
}

export function inWindow(at: number | null, window: Window): at is number {
  return at !== null && at >= window.start && at < window.end;
}

export function emptyDurations(): DurationPart {
  return { count: 0, sumMs: 0, histogram: {} };
}

/** Adds one duration; a negative one (a clock set back) counts as 0 so counts stay whole. */
export function addDuration(part: DurationPart, ms: number): void {
  const value = Math.max(0, Math.round(ms));
  part.count += 1;
  part.sumMs += value;
  addSample(part.histogram, value / 1000);
}

export function mergeDurations(parts: readonly DurationPart[]): DurationPart {
  return {
    count: parts.reduce((sum, part) => sum + part.count, 0),
    sumMs: parts.reduce((sum, part) => sum + part.sumMs, 0),
    histogram: mergeHistograms(parts.map((part) => part.histogram)),
  };
}

export const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** Average (to 0.1 s, exact from the sum) and nearest-rank p50 and p90 (bucket floors). */
export function durationKpi(part: DurationPart): DurationKpi {
  if (part.count === 0) return { count: 0, avgS: null, p50S: null, p90S: null };
  return {
    count: part.count,
    avgS: round(part.sumMs / part.count / 1000, 1),
    p50S: percentile(part.histogram, 50),
    p90S: percentile(part.histogram, 90),
  };
}
