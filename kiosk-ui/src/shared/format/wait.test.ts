import { describe, expect, it } from 'vitest';
import { waitMinutes } from './wait.ts';

describe('a predicted wait in minutes', () => {
  it('rounds the range outward so it still holds the interval it came from', () => {
    expect(waitMinutes({ lowS: 250, expectedS: 400, highS: 610 })).toEqual({ kind: 'range', low: 4, high: 11 });
  });

  it('says "under a minute" or "unknown" instead of a false range', () => {
    expect(waitMinutes({ lowS: 0, expectedS: 20, highS: 50 })).toEqual({ kind: 'under-minute' });
    expect(waitMinutes(null)).toEqual({ kind: 'unknown' });
  });
});
