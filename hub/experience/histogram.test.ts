import { describe, expect, it } from 'vitest';
import { addSample, bucketFloor, bucketWidth, mergeHistograms, nearestRank, percentile, type SecondsHistogram } from './histogram.ts';

const histogramOf = (values: number[]): SecondsHistogram => {
  const histogram: SecondsHistogram = {};
  for (const value of values) addSample(histogram, value);
  return histogram;
};

describe('seconds histogram', () => {
  it('uses the documented bucket edges', () => {
    expect([0, 59.9, 60, 64.9, 599, 600, 614, 3599, 3600, 3659, 7200.5].map(bucketFloor)).toEqual([0, 59, 60, 60, 595, 600, 600, 3585, 3600, 3600, 7200]);
    expect([0, 60, 600, 3600].map(bucketWidth)).toEqual([1, 5, 15, 60]);
    expect(bucketFloor(-3)).toBe(0);
  });

  it('takes the nearest rank: ceil(p/100 × n)', () => {
    expect([nearestRank(90, 10), nearestRank(90, 11), nearestRank(50, 10), nearestRank(50, 1), nearestRank(90, 1)]).toEqual([9, 10, 5, 1, 1]);
    const waits = [300, 60, 900, 120, 720, 180, 540, 240, 420, 360];
    expect(percentile(histogramOf(waits), 90)).toBe(720);
    expect(percentile(histogramOf(waits), 100)).toBe(900);
    expect(percentile(histogramOf([42]), 90)).toBe(42);
  });

  it('is never above the exact value and at most one bucket below it', () => {
    expect(percentile(histogramOf([61, 62, 64.9]), 90)).toBe(60); // exact 64.9
    expect(percentile(histogramOf([1000, 1014]), 90)).toBe(1005); // exact 1014, bucket [1005, 1020)
  });

  it('has no percentile without samples', () => {
    expect(percentile({}, 90)).toBeNull();
  });

  it('merges by adding counts, which gives the same percentile as one histogram of everything', () => {
    const merged = mergeHistograms([histogramOf([10, 20, 20]), histogramOf([20, 700]), {}]);
    expect(merged).toEqual(histogramOf([10, 20, 20, 20, 700]));
    expect(percentile(merged, 50)).toBe(20);
  });

  it('survives a trip through JSON, as it travels to HQ', () => {
    const histogram = histogramOf([5, 65, 4000]);
    expect(percentile(JSON.parse(JSON.stringify(histogram)) as SecondsHistogram, 90)).toBe(3960);
  });
});
