import { describe, expect, it } from 'vitest';
import { scoreByService, scoreWaits, type ScoredTicket } from './wait-metrics.ts';

/** Minutes in, seconds out. */
const t = (serviceId: string, expectedMin: number, waitedMin: number | null, range: [number, number], leftAfterMin: number | null = null): ScoredTicket => ({
  serviceId, expectedS: expectedMin * 60, lowS: range[0] * 60, highS: range[1] * 60, waitedS: waitedMin === null ? null : waitedMin * 60, leftAfterS: leftAfterMin === null ? null : leftAfterMin * 60,
});

describe('scoring wait predictions', () => {
  const tickets = [
    t('PS', 5, 5, [3, 8]), // error 0, inside, width 5
    t('PS', 5, 8, [3, 7]), // error 3, above, width 4
    t('PS', 10, 6, [7, 14]), // error 4, below, width 7
    t('FX', 2, 2, [0, 4]), // error 0, inside, width 4
    t('FX', 3, null, [1, 6], 9), // gave up after 9 min, past the high end
    t('FX', 3, null, [1, 6], 2), // gave up after 2 min, before it
  ];

  it('gives the errors of the served (mean, median, p90, root mean square), the range coverage and width, and those who gave up apart', () => {
    const score = scoreWaits(tickets);
    expect(score.served).toBe(4);
    expect(score.maeMin).toBeCloseTo(7 / 4);
    expect(score.rmseMin).toBeCloseTo(Math.sqrt((9 + 16) / 4));
    // Percentiles are nearest-rank: the 2nd of 4 sorted errors (0, 0, 3, 4) and widths (4, 4, 5, 7).
    expect(score.medianAbsErrorMin).toBe(0);
    expect(score.p90AbsErrorMin).toBe(4);
    expect(score.inside).toBeCloseTo(0.5);
    expect(score.below).toBeCloseTo(0.25);
    expect(score.above).toBeCloseTo(0.25);
    expect(score.medianWidthMin).toBe(4);
    expect(score.left).toBe(2);
    expect(score.leftPastHigh).toBeCloseTo(0.5);
  });

  it('scores each service on its own tickets', () => {
    const [ps, fx] = scoreByService(tickets);
    expect(ps).toMatchObject({ serviceId: 'PS', score: { served: 3, left: 0 } });
    expect(ps!.score.maeMin).toBeCloseTo(7 / 3);
    expect(fx).toMatchObject({ serviceId: 'FX', score: { served: 1, left: 2, maeMin: 0, inside: 1 } });
  });
});
