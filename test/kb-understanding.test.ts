/**
 * The self-help search understands customers' own Chinese words (issue 12): our held-out Chinese
 * questions (test/fixtures/kb-zh-questions.csv, three per need, written apart from the training
 * questions) through the need search with the shipped model over the seed guides. A hit is a first
 * guide that lists the question's need. Questions about nothing banking are never answered with
 * confidence.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNeedSearch, isSure } from '../hub/kb/need-search.ts';
import { measureSearch, UNRELATED, type LabelledQuery } from '../hub/kb/search-quality.ts';
import { loadSeedArticles } from '../hub/kb/seed.ts';
import type { KbSearch } from '../hub/kb/search.ts';
import { loadIntentClassifier } from '../models/kb-intent/classifier.ts';
import { parseCsvRecords } from '../models/kb-intent/questions-csv.ts';

const questions: LabelledQuery[] = parseCsvRecords(readFileSync(new URL('./fixtures/kb-zh-questions.csv', import.meta.url), 'utf8'))
  .slice(1)
  .map(([text, category]) => ({ text: text!, category: category! }));
const articles = loadSeedArticles();
const needsOf = new Map(articles.map((article) => [article.id, article.needs as readonly string[]]));
let search: KbSearch;

beforeAll(async () => {
  search = createNeedSearch(await loadIntentClassifier())(articles.map((article) => ({
    id: article.id,
    needs: article.needs,
    text: {
      en: { title: article.titleEn, keywords: article.keywordsEn.join(' '), summary: article.summaryEn, steps: article.stepsEn },
      'zh-CN': { title: article.titleZh, keywords: article.keywordsZh.join(' '), summary: article.summaryZh, steps: article.stepsZh },
    },
  })));
});

describe('Chinese questions the model never saw', () => {
  it('open the guide for their need first at least 85 % of the time, and one of the first three nearly always', () => {
    expect(questions.filter((q) => q.category !== UNRELATED).length).toBeGreaterThanOrEqual(2 * 77);
    const quality = measureSearch(search, (id) => needsOf.get(id) ?? [], questions);
    expect(quality.top1).toBeGreaterThanOrEqual(0.85);
    expect(quality.top3).toBeGreaterThanOrEqual(0.95);
    expect(quality.unrelatedHandedOver).toBe(1);
  });

  it('never claim to be sure about a question that is not about banking', () => {
    for (const question of questions.filter((q) => q.category === UNRELATED)) {
      expect(isSure(search.search(question.text, 'zh-CN', 1)[0]?.confidence), question.text).toBe(false);
    }
  });
});
