import { beforeAll, describe, expect, it } from 'vitest';
import { loadIntentClassifier, type IntentClassifier } from './classifier.ts';
import { NEEDS } from './needs.ts';

describe('the shipped kb-intent model', () => {
  // Speed (load time, ms per question) is measured by `npm run eval -- kb`, never asserted here.
  let classifier: IntentClassifier;

  beforeAll(async () => {
    classifier = await loadIntentClassifier();
  });

  it.each([
    ['I lost my card', 'lost_or_stolen_card'],
    ['my card still hasnt come', 'card_arrival'],
    ['how long does a transfer take', 'transfer_timing'],
    ['I forgot my passcode', 'passcode_forgotten'],
    ['what is the exchange rate', 'exchange_rate'],
    ['我的卡丢了', 'lost_or_stolen_card'],
    ['我的卡被ATM吞了', 'card_swallowed'],
    ['转账多久能到账', 'transfer_timing'],
    ['美元汇率是多少', 'exchange_rate'],
  ])('%s → %s', (text, need) => {
    expect(classifier.classify(text, 1)[0]?.need).toBe(need);
  });

  it('ranks needs best first with confidences that sum to at most 1', () => {
    const ranked = classifier.classify('my card payment was declined', 5);
    expect(ranked).toHaveLength(5);
    expect(ranked.map((r) => r.confidence)).toEqual([...ranked.map((r) => r.confidence)].sort((a, b) => b - a));
    expect(ranked.reduce((sum, r) => sum + r.confidence, 0)).toBeLessThanOrEqual(1 + 1e-9);
    expect(classifier.classify('my card payment was declined', 100)).toHaveLength(NEEDS.length);
    expect(classifier.classify('my card payment was declined', 0)).toEqual([]);
  });

  it('is not sure about questions outside banking, or without words', () => {
    // Measured: "will it rain tomorrow" 0.11 (cancel_transfer), blank or emoji 0.03 (the needs' priors).
    for (const text of ['will it rain tomorrow', '', '   ', '😀👍']) {
      const [best] = classifier.classify(text, 1);
      expect(best!.confidence).toBeLessThan(0.3);
    }
  });
});
