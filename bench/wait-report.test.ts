import { describe, expect, it } from 'vitest';
import { replayReportLines, summarizeReplay } from './wait-report.ts';
import type { ReplayedTicket } from './wait-replay.ts';

const ticket = (serviceId: string, waitedS: number | null, expectedS: number, range: [number, number], ql: number, leftAfterS: number | null = null): ReplayedTicket => ({
  serviceId, lowS: range[0], expectedS, highS: range[1], waitedS, leftAfterS, ahead: 0, counters: 1, baselines: { zero: 0, les: waitedS ?? 0, ql },
});

describe('the replay report', () => {
  const tickets = [
    ticket('PS', 60, 50, [0, 120], 100),
    ticket('PS', 100, 130, [60, 120], 100),
    ticket('PS', 0, 0, [0, 0], 30),
    ticket('NW', 300, 200, [100, 250], 240),
    // Gave up after 5 min, past the top of a 4 min range: counted apart, not in the errors.
    ticket('NW', null, 120, [0, 240], 60, 300),
  ];
  const summary = summarizeReplay(tickets, 2.04);

  it('scores the predictor and each baseline on the served tickets, overall and per service', () => {
    expect(summary.served).toBe(4);
    expect(summary.left).toBe(1);
    // |err| ours: 10, 30, 0, 100 → mean 35, median 10 (nearest rank), RMSE √((100 + 900 + 0 + 10000) ÷ 4).
    expect(summary.predictor).toMatchObject({ maeS: 35, medianAeS: 10, rmseS: 52.4, coverage: 0.75, leftPastHigh: 1 });
    // zero: 60, 100, 0, 300; QL: 40, 0, 30, 60.
    expect(summary.baselines.zero.maeS).toBe(115);
    expect(summary.baselines.ql.maeS).toBe(32.5);
    expect(summary.baselines.les.maeS).toBe(0);
    expect(summary.services.NW).toMatchObject({ served: 1, left: 1, predictor: { maeS: 100, coverage: 0 } });
    expect(summary.services.PS!.predictor.medianWidthS).toBe(60);
    expect(summary.seconds).toBe(2);
  });

  it('says which aims are met: the error against QL, the range coverage, the time', () => {
    const { lines, met } = replayReportLines(summary);
    expect(met).toBe(false);
    expect(lines).toContain('mean |err| 1.077 × QL\'s; aim ≤ 0.85 (MISSED)');
    expect(lines).toContain('range coverage 75.0 %; aim 75–85 % (met)');
    expect(lines).toContain('replayed in 2.0 s; aim < 60 s (met)');
  });

  it('serialises to the issue\'s JSON shape', () => {
    expect(Object.keys(JSON.parse(JSON.stringify(summary)))).toEqual(['served', 'left', 'predictor', 'baselines', 'services', 'seconds']);
    expect(Object.keys(summary.predictor).sort()).toEqual(['coverage', 'leftPastHigh', 'maeS', 'medianAeS', 'medianWidthS', 'p90AeS', 'rmseS']);
    expect(Object.keys(summary.baselines)).toEqual(['zero', 'les', 'ql']);
  });
});
