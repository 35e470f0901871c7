import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { KB_CATEGORIES, toRow, type KbArticleInput } from './article.ts';
import { KnowledgeBase } from './knowledge-base.ts';
import { NEEDS } from './needs.ts';
import { loadSeedArticles, seedKnowledgeBase } from './seed.ts';

const log = createLogger('silent');
let dir: ReturnType<typeof tempDir>;
let db: Db;

beforeEach(async () => {
  dir = tempDir();
  ({ db } = await openDatabase({ dataDir: dir.path, synchronous: 'normal' }));
});
afterEach(async () => {
  await db.$disconnect();
  dir.remove();
});

const article: KbArticleInput = {
  id: 'safe-deposit-box',
  category: 'general',
  titleEn: 'Renting a safe deposit box',
  titleZh: '租用保管箱',
  summaryEn: 'Boxes are rented for a year at the counter.',
  summaryZh: '保管箱在柜台按年租用。',
  stepsEn: ['Bring your ID.', 'Sign the rental agreement.'],
  stepsZh: ['请带身份证。', '签署租用协议。'],
  keywordsEn: ['box', 'vault'],
  keywordsZh: ['保管箱'],
  image: null,
  needs: [],
  urgent: false,
};

describe('seed articles', () => {
  const seed = loadSeedArticles();

  it('cover the common branch topics in both languages, each illustration they name exists', () => {
    expect(seed.length).toBeGreaterThanOrEqual(10);
    for (const entry of seed) {
      expect(entry.stepsEn.length, entry.id).toBeGreaterThanOrEqual(3);
      expect(entry.keywordsZh.length, entry.id).toBeGreaterThan(0);
      if (entry.image) expect(existsSync(new URL(`../../kiosk-ui/public${entry.image}`, import.meta.url)), entry.image).toBe(true);
    }
  });

  it('answer every customer need once, at most three closely related needs a guide', () => {
    const answered = seed.flatMap((entry) => entry.needs);
    expect(new Set(answered)).toEqual(new Set(NEEDS));
    expect(answered).toHaveLength(NEEDS.length);
    expect(Math.max(...seed.map((entry) => entry.needs.length))).toBeLessThanOrEqual(3);
  });

  it('give an urgent need its first safe step, then a person', () => {
    const urgent = seed.filter((entry) => entry.urgent);
    expect(urgent.flatMap((entry) => entry.needs)).toEqual(expect.arrayContaining(['lost_or_stolen_card', 'card_swallowed', 'card_payment_not_recognised', 'compromised_card']));
    for (const entry of urgent) {
      expect(entry.stepsEn.join(' '), entry.id).toContain('Call a person');
      expect(entry.stepsZh.join(' '), entry.id).toContain('呼叫工作人员');
    }
  });

  it('name no real phone number: customers are sent to the number on their card', () => {
    const text = JSON.stringify(seed);
    expect(text).not.toMatch(/\b95\d{3}\b|\b400-?\d{3}-?\d{4}\b|\b800-?\d{3}-?\d{4}\b/);
    expect(text).toContain('hotline number on the back of your card');
    expect(text).toContain('银行卡背面的客服热线');
  });

  it('load into an empty table once, and never over articles admins own', async () => {
    expect(await seedKnowledgeBase(db, log)).toBe(seed.length);
    expect(await seedKnowledgeBase(db, log)).toBe(0);
    expect(await db.kbArticle.count()).toBe(seed.length);

    await db.kbArticle.deleteMany({ where: { id: { not: 'lost-card' } } });
    expect(await seedKnowledgeBase(db, log)).toBe(0);
    expect(await db.kbArticle.count()).toBe(1);
  });

  it('add the articles a newer release brings, and only those', async () => {
    const older = path.join(dir.path, 'older-seed.json');
    const newer = path.join(dir.path, 'newer-seed.json');
    writeFileSync(older, JSON.stringify([article]));
    writeFileSync(newer, JSON.stringify([article, { ...article, id: 'night-safe', titleEn: 'Using the night safe' }, { ...article, id: 'mine', titleEn: 'Seed text' }]));
    expect(await seedKnowledgeBase(db, log, older)).toBe(1);
    // An admin deletes the older seed's article and writes one of their own under an id the newer seed uses.
    await db.kbArticle.delete({ where: { id: article.id } });
    await db.kbArticle.create({ data: toRow({ ...article, id: 'mine', titleEn: 'Our own text' }) });
    expect(await seedKnowledgeBase(db, log, newer)).toBe(1);
    const rows = await db.kbArticle.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((row) => [row.id, row.titleEn])).toEqual([['mine', 'Our own text'], ['night-safe', 'Using the night safe']]);
    expect(await seedKnowledgeBase(db, log, newer)).toBe(0);
  });
});

describe('KnowledgeBase', () => {
  it('lists every article by category, sorted by title in the customer language', async () => {
    const kb = new KnowledgeBase({ db, log });
    await kb.start();
    const list = kb.list({ lang: 'en', limit: 10 });
    expect(list).toHaveLength(loadSeedArticles().length);
    const categories = list.map((item) => KB_CATEGORIES.indexOf(item.category));
    expect(categories).toEqual([...categories].sort((a, b) => a - b));
    const cards = list.filter((item) => item.category === 'cards').map((item) => item.titleEn);
    expect(cards).toEqual([...cards].sort(new Intl.Collator('en').compare));
    expect(list.every((item) => item.score === null)).toBe(true);
    const fx = kb.list({ lang: 'zh-CN', category: 'fx', limit: 10 });
    expect(fx.length).toBeGreaterThan(0);
    expect(fx.every((item) => item.category === 'fx')).toBe(true);
    expect(fx.map((item) => item.id)).toContain('foreign-exchange');
  });

  it('searches within a category and keeps the search order', async () => {
    const kb = new KnowledgeBase({ db, log });
    await kb.start();
    expect(kb.list({ q: 'lost card', lang: 'en', limit: 3 })[0]).toMatchObject({ id: 'lost-card', score: expect.any(Number) });
    expect(kb.list({ q: 'lost card', lang: 'en', category: 'digital', limit: 3 }).every((item) => item.category === 'digital')).toBe(true);
  });

  it('finds an article as soon as it is added, with its new text after a change, and not after removal', async () => {
    const kb = new KnowledgeBase({ db, log });
    await kb.start();
    expect(await kb.create(article)).toMatchObject({ id: 'safe-deposit-box', stepsZh: article.stepsZh });
    expect(await kb.create(article)).toBeNull();
    expect(kb.list({ q: '保管箱', lang: 'zh-CN', limit: 1 })[0]?.id).toBe('safe-deposit-box');

    const { id: _id, ...change } = article;
    await kb.replace('safe-deposit-box', { ...change, titleEn: 'Safe deposit boxes and vaults', keywordsEn: ['locker'] });
    expect(kb.list({ q: 'locker', lang: 'en', limit: 1 })[0]?.id).toBe('safe-deposit-box');
    expect(await kb.replace('no-such-article', change)).toBeNull();

    expect(await kb.remove('safe-deposit-box')).toBe(true);
    expect(await kb.remove('safe-deposit-box')).toBe(false);
    expect(kb.list({ q: 'locker', lang: 'en', limit: 1 })).toEqual([]);

    const restarted = new KnowledgeBase({ db, log });
    await restarted.start();
    expect(restarted.get('safe-deposit-box')).toBeNull();
    expect(restarted.get('lost-card')?.stepsEn.length).toBeGreaterThan(0);
  });

  it('ranks with the search engine it is given', async () => {
    const kb = new KnowledgeBase({ db, log, createSearch: () => ({ search: () => [{ id: 'security-tips', score: 1, confidence: 0.9, need: 'compromised_card' }, { id: 'lost-card', score: 0.5, confidence: null, need: null }] }) });
    await kb.start();
    expect(kb.list({ q: 'anything', lang: 'en', limit: 5 }).map((item) => [item.id, item.confidence, item.need])).toEqual([['security-tips', 0.9, 'compromised_card'], ['lost-card', null, null]]);
  });
});
