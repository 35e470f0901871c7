import { describe, expect, it } from 'vitest';
import { measureSearch } from './search-quality.ts';
import type { KbSearch } from './search.ts';

const NEEDS: Record<string, string[]> = { 'lost-card': ['lost_or_stolen_card'], 'card-arrival': ['card_arrival', 'card_delivery_estimate'], pin: ['pin_blocked'] };

/** Answers by the first word: the guide to rank first and its confidence. */
const scripted: KbSearch = {
  search: (query) => {
    const [first, confidence] = query.split(' ');
    const others = Object.keys(NEEDS).filter((id) => id !== first);
    return [first!, ...others].filter((id) => NEEDS[id]).map((id, index) => ({ id, score: 1 - index / 10, confidence: index === 0 ? Number(confidence) : 0.01, need: NEEDS[id]![0]! }));
  },
};

describe('measuring the kiosk search', () => {
  it('counts a hit when a top guide lists the need, hands over below the sure confidence, and scores the rest', () => {
    const quality = measureSearch(scripted, (id) => NEEDS[id] ?? [], [
      { text: 'lost-card 0.9', category: 'lost_or_stolen_card' }, // top-1, answered, right
      { text: 'card-arrival 0.8', category: 'card_delivery_estimate' }, // top-1 (the guide lists both needs)
      { text: 'pin 0.3', category: 'lost_or_stolen_card' }, // top-3 only, handed over
      { text: 'pin 0.95', category: 'card_arrival' }, // top-3 only, answered wrongly
      { text: 'lost-card 0.2', category: 'none' }, // unrelated, handed over: right
      { text: 'pin 0.7', category: 'none' }, // unrelated, answered: wrong
    ]);
    expect(quality).toMatchObject({ queries: 6, top1: 0.5, top3: 1, handedOver: 0.25, answeredAccuracy: 0.6667, unrelatedHandedOver: 0.5 });
    expect(quality.p95Ms).toBeGreaterThanOrEqual(quality.p50Ms);
  });
});
