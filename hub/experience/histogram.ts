/**
 * Durations kept as a sparse histogram of seconds, so a p50 or p90 over a day or an HQ period is
 * the merge of hourly histograms (counts add) instead of a rescan of every ticket. Pure.
 *
 * Bucket edges (seconds), finer where people notice a difference:
 *   [0, 60)       1 s wide    — alert acceptances, short waits
 *   [60, 600)     5 s wide
 *   [600, 3600)  15 s wide
 *   [3600, ∞)    60 s wide
 * A percentile is reported as the lower edge of the bucket holding the nearest-rank sample, so it
 * is never above the exact value and at most one bucket width below it (< 1 s, < 5 s, < 15 s,
 * < 60 s; under 8.4 % of the value from 60 s up, under 2.5 % from 10 min up). A value that is a
 * whole multiple of its bucket width (e.g. 300 s, 720 s) is reported exactly. Memory is one
 * counter per non-empty bucket: at most 368 below an hour, plus one per minute above.
 */

/** Bucket lower edge (whole seconds, as a string key so it survives JSON) → how many samples. */
export type SecondsHistogram = Record<string, number>;

const BANDS = [
  { from: 0, width: 1 },
  { from: 60, width: 5 },
  { from: 600, width: 15 },
  { from: 3600, width: 60 },
] as const;

/** The lower edge of the bucket that holds `seconds` (negative values count as 0). */
export function bucketFloor(seconds: number): number {
  const value = Math.max(0, seconds);
  let band: (typeof BANDS)[number] = BANDS[0];
  for (const candidate of BANDS) if (value >= candidate.from) band = candidate;
  return band.from + Math.floor((value - band.from) / band.width) * band.width;
}

/** The width of the bucket whose lower edge is `floor`: the most a percentile can be under. */
export function bucketWidth(floor: number): number {
  let width = 1;
  for (const band of BANDS) if (floor >= band.from) width = band.width;
  return width;
}

export function addSample(histogram: SecondsHistogram, seconds: number): void {
  const key = String(bucketFloor(seconds));
  histogram[key] = (histogram[key] ?? 0) + 1;
}

export function mergeHistograms(histograms: readonly SecondsHistogram[]): SecondsHistogram {
  const merged: SecondsHistogram = {};
  for (const histogram of histograms) {
    for (const [key, count] of Object.entries(histogram)) merged[key] = (merged[key] ?? 0) + count;
  }
  return merged;
}

/** 1-based nearest rank of the p-th percentile among n samples: ceil(p/100 · n), at least 1. */
export function nearestRank(p: number, n: number): number {
  return Math.max(1, Math.ceil((p / 100) * n));
}

/** The p-th percentile (0 < p ≤ 100) by nearest rank, as a bucket lower edge; null when empty. */
export function percentile(histogram: SecondsHistogram, p: number): number | null {
  const buckets = Object.entries(histogram)
    .map(([key, count]) => [Number(key), count] as const)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b);
  const n = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  const rank = nearestRank(p, n);
  let seen = 0;
  const holding = buckets.find(([, count]) => (seen += count) >= rank);
  return holding === undefined ? null : holding[0];
}
