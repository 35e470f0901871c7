import { describe, expect, it } from 'vitest';
import { LiveCounts } from './live-count.ts';

describe('LiveCounts', () => {
  it('steadies a count that flickers for a frame', () => {
    const live = new LiveCounts(400);
    const raw = [5, 5, 4, 5, 5, 6, 5, 5];
    const counts = raw.map((count, i) => live.update({ queue: count }, i * 100).queue);
    expect(counts).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
  });

  it('follows a real change within the window', () => {
    const live = new LiveCounts(400);
    const counts = [2, 2, 2, 3, 3, 3, 3, 3].map((count, i) => live.update({ queue: count }, i * 100).queue);
    expect(counts.slice(-2)).toEqual([3, 3]);
    expect(counts.indexOf(3)).toBeLessThanOrEqual(5);
  });

  it('keeps zones apart, and with a window of 0 reports the raw count', () => {
    const raw = new LiveCounts(0);
    expect(raw.update({ a: 1, b: 4 }, 0)).toEqual({ a: 1, b: 4 });
    expect(raw.update({ a: 3, b: 0 }, 100)).toEqual({ a: 3, b: 0 });
  });
});
