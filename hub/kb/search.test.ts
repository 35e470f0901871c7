import { describe, expect, it } from 'vitest';
import { createLexicalSearch, type KbLanguage, type SearchDocument, type SearchFields } from './search.ts';
import { loadSeedArticles } from './seed.ts';

const empty: SearchFields = { title: '', keywords: '', summary: '', steps: [] };
const doc = (id: string, en: Partial<SearchFields>, zh: Partial<SearchFields> = {}): SearchDocument => ({ id, text: { en: { ...empty, ...en }, 'zh-CN': { ...empty, ...zh } }, needs: [] });

// The lexical search's mechanics (typos, prefixes, both languages) on a fixed set of twelve branch
// articles; how well the kiosk's search understands questions is need-search's (and `npm run eval -- kb`).
const TWELVE = new URL('../../test/fixtures/kb-twelve-articles.json', import.meta.url);
const seedSearch = createLexicalSearch(
  loadSeedArticles(TWELVE).map((article) => ({
    id: article.id,
    text: {
      en: { title: article.titleEn, keywords: article.keywordsEn.join(' '), summary: article.summaryEn, steps: article.stepsEn },
      'zh-CN': { title: article.titleZh, keywords: article.keywordsZh.join(' '), summary: article.summaryZh, steps: article.stepsZh },
    },
    needs: article.needs,
  })),
);
const top = (query: string, lang: KbLanguage, limit = 3) => seedSearch.search(query, lang, limit).map((hit) => hit.id);

describe('ranking', () => {
  const search = createLexicalSearch([
    doc('in-steps', { title: 'Opening hours', steps: ['Bring your passport to the counter.'] }),
    doc('in-summary', { title: 'Accounts for visitors', summary: 'A passport is all you need.' }),
    doc('in-keywords', { title: 'Documents', keywords: 'passport visa' }),
    doc('in-title', { title: 'Passport services' }),
  ]);

  it('ranks a match in the title over keywords, keywords over the summary, the summary over the steps', () => {
    expect(search.search('passport', 'en', 10).map((hit) => hit.id)).toEqual(['in-title', 'in-keywords', 'in-summary', 'in-steps']);
  });

  it('answers scores best first, at most the limit, and nothing for words no article has', () => {
    const hits = search.search('passport', 'en', 2);
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(search.search('mortgage', 'en', 5)).toEqual([]);
    expect(search.search('how do I', 'en', 5)).toEqual([]);
  });

  it('counts a rare word more than one every article shares', () => {
    const cards = createLexicalSearch([
      doc('swallowed', { title: 'Card swallowed' }),
      doc('card-a', { title: 'Card fees' }),
      doc('card-b', { title: 'Card colours' }),
    ]);
    expect(cards.search('card swallowed', 'en', 1).map((hit) => hit.id)).toEqual(['swallowed']);
  });

  it("prefers the customer's language, but finds English words in a Chinese query", () => {
    const mixed = createLexicalSearch([doc('zh-side', {}, { title: 'ATM 吞卡' }), doc('en-side', { title: 'ATM opening hours' })]);
    expect(mixed.search('ATM', 'zh-CN', 2).map((hit) => hit.id)).toEqual(['zh-side', 'en-side']);
    expect(mixed.search('ATM', 'en', 2).map((hit) => hit.id)).toEqual(['en-side', 'zh-side']);
  });
});

describe('English questions over the seed articles', () => {
  it.each([
    ['I lost my card', 'lost-card'],
    ['my card was stolen yesterday', 'lost-card'],
    ['forgot PIN', 'pin-reset'],
    ['daily transfer limit', 'card-limits'],
    ['how much cash can I withdraw', 'card-limits'],
    ['what documents do I need to open an account as a foreigner', 'open-account'],
    ['the ATM swallowed my card', 'card-kept-by-atm'],
    ['card not received', 'card-not-received'],
    ['someone asked for my verification code', 'security-tips'],
    ['change my phone number', 'update-contact-details'],
    ['bank statement for a visa', 'statements-certificates'],
    ["can't log in", 'mobile-banking-login'],
    ['buy US dollars', 'foreign-exchange'],
  ])('"%s" → %s first', (query, id) => {
    expect(top(query, 'en')[0]).toBe(id);
  });
});

describe('Chinese questions over the seed articles', () => {
  it.each([
    ['我的卡丢了', 'lost-card'],
    ['挂失', 'lost-card'],
    ['密码被锁了怎么办', 'pin-reset'],
    ['转账限额', 'card-limits'],
    ['外国人开户需要带什么', 'open-account'],
    ['卡被吞了', 'card-kept-by-atm'],
    ['ATM吞卡', 'card-kept-by-atm'],
    ['还没收到卡', 'card-not-received'],
    ['换手机号', 'update-contact-details'],
    ['打印流水', 'statements-certificates'],
    ['存款证明', 'statements-certificates'],
    ['手机银行登录不了', 'mobile-banking-login'],
    ['开通手机银行', 'mobile-banking-activate'],
    ['换美元', 'foreign-exchange'],
    ['被骗了', 'security-tips'],
  ])('"%s" → %s first', (query, id) => {
    expect(top(query, 'zh-CN')[0]).toBe(id);
  });

  it('finds something for a single character', () => {
    expect(top('卡', 'zh-CN', 20)).toContain('lost-card');
  });
});

describe('typos and unfinished words', () => {
  it.each([
    ['exchnage dollars', 'foreign-exchange'],
    ['certifcate of deposit', 'statements-certificates'],
    ['card not recieved', 'card-not-received'],
    ['swalowed card', 'card-kept-by-atm'],
    ['verificaton cod', 'security-tips'],
  ])('"%s" → %s first', (query, id) => {
    expect(top(query, 'en')[0]).toBe(id);
  });

  it('forgives one typo in a word of five letters or more, not in a short one', () => {
    expect(top('pasword reset', 'en', 2)).toContain('pin-reset');
    expect(top('lsot', 'en')).toEqual([]);
  });

  it('completes a word the customer is still typing', () => {
    expect(top('currenc', 'en', 1)).toEqual(['foreign-exchange']);
    expect(top('statem', 'en', 1)).toEqual(['statements-certificates']);
  });
});
