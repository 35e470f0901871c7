/**
 * The self-help search understands customers' own Chinese words (issue 12): our held-out Chinese
 * questions (test/fixtures/kb-zh-questions.csv, three per need, and kb-zh-varied-questions.csv, six
 * per need written to be varied; both apart from the training questions) through the need search
 * with the shipped model over the seed guides. A hit is a first guide that lists the question's
 * need. Questions about nothing banking are never answered with confidence in Chinese, and nearly
 * never in our mixed set of everyday questions (test/fixtures/kb-unrelated-questions.csv).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNeedSearch, isSure } from '../hub/kb/need-search.ts';
import { measureSearch, UNRELATED, type LabelledQuery } from '../hub/kb/search-quality.ts';
import { toDocument } from '../hub/kb/knowledge-base.ts';
import { loadSeedArticles } from '../hub/kb/seed.ts';
import type { KbSearch } from '../hub/kb/search.ts';
import { loadIntentClassifier } from '../models/kb-intent/classifier.ts';
import { NEEDS } from '../models/kb-intent/needs.ts';
import { parseCsvRecords } from '../models/kb-intent/questions-csv.ts';

const readQuestions = (file: string): LabelledQuery[] =>
  parseCsvRecords(readFileSync(new URL(file, import.meta.url), 'utf8'))
    .slice(1)
    .map(([text, category]) => ({ text: text!, category: category! }));
const questions = readQuestions('./fixtures/kb-zh-questions.csv');
const varied = readQuestions('./fixtures/kb-zh-varied-questions.csv');
const unrelated = readQuestions('./fixtures/kb-unrelated-questions.csv');
const articles = loadSeedArticles();
const needsOf = new Map(articles.map((article) => [article.id, article.needs as readonly string[]]));
let search: KbSearch;
/** A question as the same words: case, width, punctuation and spaces do not make it another question. */
const sameWords = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');

beforeAll(async () => {
  search = createNeedSearch(await loadIntentClassifier())(articles.map(toDocument));
});

describe('Chinese questions the model never saw', () => {
  it('are written apart from the training questions, at least two for every need', () => {
    const trained = new Set(readQuestions('../models/kb-intent/zh-train.csv').map((q) => sameWords(q.text)));
    expect([...questions, ...varied].filter((q) => trained.has(sameWords(q.text))).map((q) => q.text)).toEqual([]);
    const perNeed = new Map<string, number>();
    for (const { category } of questions) perNeed.set(category, (perNeed.get(category) ?? 0) + 1);
    expect(NEEDS.filter((need) => (perNeed.get(need) ?? 0) < 2)).toEqual([]);
  });

  it('open the guide for their need first at least 85 % of the time, and one of the first three nearly always', () => {
    const quality = measureSearch(search, (id) => needsOf.get(id) ?? [], questions);
    expect(quality.top1).toBeGreaterThanOrEqual(0.85);
    expect(quality.top3).toBeGreaterThanOrEqual(0.95);
    expect(quality.unrelatedHandedOver).toBe(1);
  });

  it('written to be varied (colloquial, typos, English words, traditional characters) are harder, and the kiosk still answers them well or says it is not sure', () => {
    // Six per need, written later and by other hands than the training questions; see the model card.
    const quality = measureSearch(search, (id) => needsOf.get(id) ?? [], varied);
    expect(quality.top1).toBeGreaterThanOrEqual(0.7);
    expect(quality.top3).toBeGreaterThanOrEqual(0.88);
    expect(quality.answeredAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('never claim to be sure about a question that is not about banking', () => {
    for (const question of questions.filter((q) => q.category === UNRELATED)) {
      expect(isSure(question.text, search.search(question.text, 'zh-CN', 1)[0]?.confidence), question.text).toBe(false);
    }
  });
});

describe('questions about nothing a guide answers', () => {
  it('are handed over to a person nearly always, in English and Chinese', () => {
    expect(unrelated.every((question) => question.category === UNRELATED)).toBe(true);
    const quality = measureSearch(search, (id) => needsOf.get(id) ?? [], unrelated);
    // Known misses: words of a need in another sense ("the wifi password", "charge my phone"); see the model card.
    expect(quality.unrelatedHandedOver).toBeGreaterThanOrEqual(0.9);
  });
});
