import { describe, expect, it } from 'vitest';
import { createNeedSearch, isSure, questionLanguage, SURE_CONFIDENCE, type NeedClassifier } from './need-search.ts';
import type { SearchDocument, SearchFields } from './search.ts';

const empty: SearchFields = { title: '', keywords: '', summary: '', steps: [] };
const doc = (id: string, title: string, needs: string[]): SearchDocument => ({ id, text: { en: { ...empty, title }, 'zh-CN': { ...empty, title } }, needs });

const documents = [
  doc('card-arrival', 'Card not arrived', ['card_arrival', 'card_delivery_estimate']),
  doc('lost-card', 'Lost or stolen card', ['lost_or_stolen_card']),
  doc('open-account', 'Opening an account', []),
];

/** Short names of needs, so a scripted question does not also match the guides' words. */
const NEED_OF: Record<string, string> = { A: 'card_arrival', D: 'card_delivery_estimate', L: 'lost_or_stolen_card' };

/** A model that reads the question as the needs written into it, "A:0.6 L:0.3", best first. */
const scripted: NeedClassifier = {
  classify: (text, limit) =>
    text.split(' ').filter((part) => part.includes(':')).map((part) => {
      const [name, p] = part.split(':');
      return { need: NEED_OF[name!]!, confidence: Number(p) };
    }).sort((a, b) => b.confidence - a.confidence).slice(0, limit),
};

const search = createNeedSearch(scripted)(documents);

describe('the understanding search', () => {
  it('ranks guides by the probability that they answer the need, adding up the needs a guide lists, and names the likeliest', () => {
    expect(search.search('D:0.4 L:0.45 A:0.15', 'en', 5)).toEqual([
      { id: 'card-arrival', score: 0.55, confidence: 0.55, need: 'card_delivery_estimate' },
      { id: 'lost-card', score: 0.45, confidence: 0.45, need: 'lost_or_stolen_card' },
    ]);
  });

  it('adds guides that list no need when their words match, after the understood ones', () => {
    const hits = search.search('L:0.6 opening account', 'en', 5);
    expect(hits.map((hit) => [hit.id, hit.confidence])).toEqual([['lost-card', 0.6], ['open-account', null]]);
  });

  it("puts a branch topic the model cannot know first when the model is not sure and the words match it best", () => {
    expect(search.search('L:0.3 opening an account', 'en', 5).map((hit) => hit.id)).toEqual(['open-account', 'lost-card']);
    expect(search.search('L:0.9 opening an account', 'en', 5).map((hit) => hit.id)).toEqual(['lost-card', 'open-account']);
    expect(search.search('A:0.3 lost card', 'en', 5).map((hit) => hit.id)).toEqual(['card-arrival']);
  });

  it('falls back to the words alone when the model has no guess for any guide', () => {
    expect(search.search('card', 'en', 5).map((hit) => hit.id).sort()).toEqual(['card-arrival', 'lost-card']);
    expect(search.search('   ', 'en', 5)).toEqual([]);
    expect(search.search('L:0.9', 'en', 0)).toEqual([]);
  });
});

describe('being sure', () => {
  it('reads a question with Han characters as Chinese, whatever else it has', () => {
    expect(questionLanguage('我的卡丢了')).toBe('zh-CN');
    expect(questionLanguage('ATM吞卡了')).toBe('zh-CN');
    expect(questionLanguage('my card is lost')).toBe('en');
  });

  it("holds each question to its language's threshold, and is never sure without a confidence", () => {
    expect(SURE_CONFIDENCE['zh-CN']).toBeLessThan(SURE_CONFIDENCE.en);
    const between = (SURE_CONFIDENCE['zh-CN'] + SURE_CONFIDENCE.en) / 2;
    expect(isSure('我的卡丢了', between)).toBe(true);
    expect(isSure('my card is lost', between)).toBe(false);
    expect(isSure('my card is lost', SURE_CONFIDENCE.en)).toBe(true);
    expect(isSure('my card is lost', null)).toBe(false);
  });
});
