import { describe, expect, it } from 'vitest';
import { createNeedSearch, type NeedClassifier } from './need-search.ts';
import type { SearchDocument, SearchFields } from './search.ts';

const empty: SearchFields = { title: '', keywords: '', summary: '', steps: [] };
const doc = (id: string, title: string, needs: string[]): SearchDocument => ({ id, text: { en: { ...empty, title }, 'zh-CN': { ...empty, title } }, needs });

const documents = [
  doc('card-arrival', 'Card not arrived', ['card_arrival', 'card_delivery_estimate']),
  doc('lost-card', 'Lost or stolen card', ['lost_or_stolen_card']),
  doc('open-account', 'Opening an account', []),
];

/** A model that reads the question as the needs written into it: "card_arrival:0.6 lost_or_stolen_card:0.3". */
const scripted: NeedClassifier = {
  classify: (text, limit) =>
    text.split(' ').filter((part) => part.includes(':')).map((part) => {
      const [need, p] = part.split(':');
      return { need: need!, confidence: Number(p) };
    }).slice(0, limit),
};

const search = createNeedSearch(scripted)(documents);

describe('the understanding search', () => {
  it('ranks guides by the probability that they answer the need, adding up the needs a guide lists', () => {
    expect(search.search('card_delivery_estimate:0.4 lost_or_stolen_card:0.45 card_arrival:0.15', 'en', 5)).toEqual([
      { id: 'card-arrival', score: 0.55, confidence: 0.55 },
      { id: 'lost-card', score: 0.45, confidence: 0.45 },
    ]);
  });

  it('adds guides that list no need when their words match, after the understood ones', () => {
    const hits = search.search('lost_or_stolen_card:0.2 opening account', 'en', 5);
    expect(hits.map((hit) => [hit.id, hit.confidence])).toEqual([['lost-card', 0.2], ['open-account', null]]);
  });

  it('falls back to the words alone when the model has no guess for any guide', () => {
    expect(search.search('card', 'en', 5).map((hit) => hit.id).sort()).toEqual(['card-arrival', 'lost-card']);
    expect(search.search('   ', 'en', 5)).toEqual([]);
    expect(search.search('lost_or_stolen_card:0.9', 'en', 0)).toEqual([]);
  });
});
