import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/helpers/in-process-hub.ts';
import { loadSeedArticles } from '../../kb/seed.ts';

let hub: TestHub;
let floorToken: string;

const call = (method: string, url: string, options?: { token?: string | null; body?: unknown }) => hub.inject(method, url, options);

const article = {
  id: 'safe-deposit-box',
  category: 'general',
  titleEn: 'Renting a safe deposit box',
  titleZh: '租用保管箱',
  summaryEn: 'Boxes are rented by the year at the counter.',
  summaryZh: '保管箱在柜台按年租用。',
  stepsEn: ['Bring your ID card.', 'Choose a box size and sign the agreement.'],
  stepsZh: ['请带身份证。', '选择保管箱尺寸并签署协议。'],
  keywordsEn: ['box', 'vault', 'valuables'],
  keywordsZh: ['保管箱', '贵重物品'],
  image: null,
};
const { id: _id, ...content } = article;

beforeAll(async () => {
  hub = await startTestHub();
  const login = await call('POST', '/api/v1/auth/login', { token: null, body: { username: 'floor', password: 'touchpoint-floor' } });
  floorToken = login.body!.token;
});
afterAll(() => hub.close());

describe('reading the knowledge base (public)', () => {
  it('lists every seeded article by category without a login', async () => {
    const { status, body } = await call('GET', '/api/v1/kb/articles?lang=en', { token: null });
    expect(status).toBe(200);
    expect(body!.items).toHaveLength(loadSeedArticles().length);
    expect(body!.items[0]).toMatchObject({ category: 'cards', titleEn: expect.any(String), titleZh: expect.any(String), summaryZh: expect.any(String), score: null });
    expect(body!.items[0]).not.toHaveProperty('stepsEn');
  });

  it('understands a Chinese question and an English one: the right guide first, the need it read, and sure of it', async () => {
    const zh = await call('GET', `/api/v1/kb/articles?q=${encodeURIComponent('我的银行卡丢了')}&lang=zh-CN`, { token: null });
    expect(zh.body!.sure).toBe(true);
    expect(zh.body!.items[0]).toMatchObject({ id: 'lost-card', need: 'lost_or_stolen_card', confidence: expect.any(Number) });
    const en = await call('GET', `/api/v1/kb/articles?q=${encodeURIComponent('the ATM swalowed my card')}&lang=en&limit=2`, { token: null });
    expect(en.body!.sure).toBe(true);
    expect(en.body!.items[0]).toMatchObject({ id: 'card-kept-by-atm', need: 'card_swallowed' });
    expect(en.body!.items.length).toBeLessThanOrEqual(2);
  });

  it('says it is not sure of a question about nothing it knows, and of none without a question', async () => {
    const weather = await call('GET', `/api/v1/kb/articles?q=${encodeURIComponent('will it rain tomorrow')}&lang=en`, { token: null });
    expect(weather.body!.sure).toBe(false);
    const list = await call('GET', '/api/v1/kb/articles?lang=en', { token: null });
    expect(list.body!.sure).toBeNull();
  });

  it('narrows a search or a list to one category', async () => {
    const { body } = await call('GET', '/api/v1/kb/articles?q=password&category=digital', { token: null });
    expect(body!.items.length).toBeGreaterThan(0);
    expect(body!.items.every((item: { category: string }) => item.category === 'digital')).toBe(true);
  });

  it('shows one article with its steps in both languages and its illustration', async () => {
    const { status, body } = await call('GET', '/api/v1/kb/articles/lost-card', { token: null });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'lost-card', image: '/kb/lost-card.svg', titleZh: expect.stringContaining('银行卡丢失或被盗'), needs: ['lost_or_stolen_card'], urgent: true });
    expect(body!.stepsEn.length).toBe(body!.stepsZh.length);
    expect(body!.keywordsZh).toContain('挂失');
  });

  it('answers 404 for an unknown article and 400 for a bad query', async () => {
    expect(await call('GET', '/api/v1/kb/articles/no-such-topic', { token: null })).toMatchObject({ status: 404, body: { message: 'article no-such-topic not found' } });
    expect(await call('GET', '/api/v1/kb/articles?lang=fr', { token: null })).toMatchObject({ status: 400, body: { message: expect.stringContaining('lang') } });
    expect(await call('GET', '/api/v1/kb/articles?category=mortgages', { token: null })).toMatchObject({ status: 400 });
  });
});

describe('editing the knowledge base (admin)', () => {
  it('refuses anonymous callers with 401 and other roles with 403', async () => {
    expect((await call('POST', '/api/v1/kb/articles', { token: null, body: article })).status).toBe(401);
    expect((await call('POST', '/api/v1/kb/articles', { token: floorToken, body: article })).status).toBe(403);
    expect((await call('PUT', '/api/v1/kb/articles/lost-card', { token: floorToken, body: content })).status).toBe(403);
    expect((await call('DELETE', '/api/v1/kb/articles/lost-card', { token: null })).status).toBe(401);
    expect((await call('DELETE', '/api/v1/kb/articles/lost-card', { token: floorToken })).status).toBe(403);
    expect((await call('GET', '/api/v1/kb/articles/lost-card', { token: null })).status).toBe(200);
  });

  it.each([
    [{ ...article, stepsZh: ['只有一步。'] }, 'stepsZh'],
    [{ ...article, keywordsEn: ['safe box'] }, 'keywordsEn'],
    [{ ...article, image: 'https://example.com/x.svg' }, 'image'],
    [{ ...article, category: 'mortgages' }, 'category'],
    [{ ...article, titleZh: '   ' }, 'titleZh'],
    [{ ...article, id: 'Safe Box' }, 'id'],
    [{ ...article, extra: true }, 'extra'],
  ])('refuses an invalid article with a 400 naming the field (%#)', async (body, field) => {
    const response = await call('POST', '/api/v1/kb/articles', { body });
    expect(response.status).toBe(400);
    expect(response.body!.message).toContain(field);
  });

  it('adds, replaces and removes an article; search follows at once; every change is audited', async () => {
    expect(await call('POST', '/api/v1/kb/articles', { body: article })).toMatchObject({ status: 201, body: { id: 'safe-deposit-box', stepsZh: article.stepsZh } });
    expect(await call('POST', '/api/v1/kb/articles', { body: article })).toMatchObject({ status: 409 });
    const found = await call('GET', `/api/v1/kb/articles?q=${encodeURIComponent('保管箱')}`, { token: null });
    expect(found.body!.items[0].id).toBe('safe-deposit-box');

    const replaced = await call('PUT', '/api/v1/kb/articles/safe-deposit-box', { body: { ...content, keywordsEn: ['locker'] } });
    expect(replaced).toMatchObject({ status: 200, body: { keywordsEn: ['locker'] } });
    expect((await call('GET', '/api/v1/kb/articles?q=locker&lang=en', { token: null })).body!.items[0].id).toBe('safe-deposit-box');
    expect((await call('PUT', '/api/v1/kb/articles/no-such-topic', { body: content })).status).toBe(404);

    expect((await call('DELETE', '/api/v1/kb/articles/safe-deposit-box')).status).toBe(204);
    expect((await call('GET', '/api/v1/kb/articles/safe-deposit-box', { token: null })).status).toBe(404);
    expect((await call('DELETE', '/api/v1/kb/articles/safe-deposit-box')).status).toBe(404);

    const audit = await hub.db.auditLog.findMany({ where: { target: 'safe-deposit-box' }, orderBy: { id: 'asc' } });
    expect(audit.map((row) => [row.actor, row.action])).toEqual([['token:admin', 'kb.create'], ['token:admin', 'kb.update'], ['token:admin', 'kb.delete']]);
  });
});
