import { describe, expect, it } from 'vitest';
import { summarise } from './summary.ts';

describe('feedback summary', () => {
  it('computes CSAT and NPS the way reports quote them', () => {
    // CSAT: 5,5,4,2 → mean 4, 75 % satisfied. NPS: 10, 9, 8, 3 → (2 - 1) / 4 = 25.
    const summary = summarise(new Map([[5, 2], [4, 1], [2, 1]]), new Map([[10, 1], [9, 1], [8, 1], [3, 1]]));
    expect(summary).toEqual({
      responses: 4,
      csatAverage: 4,
      csatSatisfiedPercent: 75,
      nps: { responses: 4, promoters: 2, passives: 1, detractors: 1, score: 25 },
    });
  });

  it('says "no data" rather than zero when nobody answered', () => {
    expect(summarise(new Map(), new Map())).toEqual({
      responses: 0,
      csatAverage: null,
      csatSatisfiedPercent: null,
      nps: { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null },
    });
  });

  it('counts NPS only over those who answered it', () => {
    expect(summarise(new Map([[3, 3]]), new Map([[6, 1]])).nps).toEqual({ responses: 1, promoters: 0, passives: 0, detractors: 1, score: -100 });
  });
});
