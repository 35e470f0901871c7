import { describe, expect, it } from 'vitest';
import { rankCandidates, type Candidate, type RankingInput } from './ranking.ts';

const zoneKinds = new Map([
  ['lobby', 'lobby'], ['teller-line', 'queue'], ['wealth-waiting', 'queue'], ['counters', 'counter'], ['vip-room', 'vip'],
]);

const person = (staffId: string, zoneId: string | null, skills: string[] = [], recentLoad = 0): Candidate => ({ staffId, zoneId, skills, recentLoad });

function rank(candidates: Candidate[], options: Partial<RankingInput> = {}): string[] {
  return rankCandidates({ candidates, skills: [], zoneId: 'teller-line', zoneKinds, exclude: new Set(), ...options }).map((c) => c.staffId);
}

describe('rankCandidates', () => {
  it('sends someone in the same zone before someone in a zone of the same kind, before anyone else', () => {
    expect(rank([person('far', 'vip-room'), person('similar', 'wealth-waiting'), person('here', 'teller-line'), person('unknown', null)]))
      .toEqual(['here', 'similar', 'far', 'unknown']);
  });

  it('puts the preferred skills before distance', () => {
    const ranked = rank([person('near', 'teller-line'), person('trained', 'vip-room', ['accessibility'])], { skills: ['accessibility'] });
    expect(ranked).toEqual(['trained', 'near']);
  });

  it('prefers more of the preferred skills', () => {
    const ranked = rank([person('one', 'lobby', ['fx']), person('both', 'lobby', ['fx', 'accessibility'])], { skills: ['accessibility', 'fx'] });
    expect(ranked).toEqual(['both', 'one']);
  });

  it('shares the work: at the same skill and distance, fewer dispatches in the last hour first', () => {
    expect(rank([person('busy', 'counters', [], 3), person('rested', 'counters', [], 0), person('some', 'counters', [], 1)]))
      .toEqual(['rested', 'some', 'busy']);
  });

  it('never offers a dispatch twice to the same person', () => {
    expect(rank([person('asked', 'teller-line'), person('next', 'lobby')], { exclude: new Set(['asked']) })).toEqual(['next']);
  });

  it('ranks by distance to nowhere in particular when the alert has no zone', () => {
    expect(rank([person('b', 'lobby', [], 1), person('a', 'counters', [], 1), person('c', null, [], 0)], { zoneId: null })).toEqual(['c', 'a', 'b']);
  });
});
