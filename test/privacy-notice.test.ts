/**
 * The privacy notice in real Chromium says what this branch's configuration says, not what a page
 * was written to say: the retention periods of the hub it runs on (TP_RETENTION_DAYS=45 and
 * TP_RETENTION_FREE_TEXT_DAYS=14 here, not the defaults), the branch's privacy contact, and
 * expression analysis off everywhere until an admin announces it for a customer zone — then on, in
 * that zone by name, in both languages, on the page and inside the kiosk. A counter zone can never
 * announce it. The entrance sign (`?sign=1`, `?sign=a3`) carries both languages and prints on one
 * A4 (or A3) page.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt, launchChromium, openPage, type OpenedPage } from './helpers/browser.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { tempDir } from './helpers/temp-dir.ts';

const CONTACT = 'privacy@riverside-bank.example, 400 800 0000';
const BROWSER_TEST_MS = 60_000;

let hub: TestHub;
let browser: Browser;
let opened: OpenedPage | null = null;
const configDir = tempDir();

beforeAll(async () => {
  await ensureUiBuilt();
  const branch = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json'), 'utf8'));
  branch.branch.privacyContact = CONTACT;
  const configFile = path.join(configDir.path, 'branch.json');
  writeFileSync(configFile, JSON.stringify(branch));
  hub = await startTestHub({ TP_BRANCH_CONFIG: configFile, TP_RETENTION_DAYS: '45', TP_RETENTION_FREE_TEXT_DAYS: '14' });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  configDir.remove();
});
afterEach(async () => {
  const errors = opened?.errors.filter((error) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(error)) ?? [];
  await opened?.context.close();
  opened = null;
  expect(errors).toEqual([]);
});

async function open(url: string): Promise<Page> {
  opened = await openPage(browser, { locale: 'en-US' });
  await opened.page.goto(`${hub.httpUrl}${url}`);
  return opened.page;
}

/** The notice's text once the branch's settings are in (the contact shows only then). */
async function notice(page: Page, scope = 'main'): Promise<string> {
  await page.locator(scope).getByTestId('privacy-contact').filter({ hasText: /400 800 0000/ }).first().waitFor();
  return (await page.locator(scope).textContent())!;
}

/** Pages in a PDF Chromium printed (each page object is `/Type /Page`, the tree `/Type /Pages`). */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

describe('the privacy notice', { timeout: BROWSER_TEST_MS }, () => {
  it('states the branch’s retention periods and contact, and expression analysis off, in English and Chinese', async () => {
    const page = await open('/privacy/?lang=en');
    await page.getByRole('heading', { name: 'Privacy notice' }).waitFor();
    const en = await notice(page);
    expect(en).toContain('deleted after 45 days; written comments and staff notes after 14 days');
    expect(en).not.toMatch(/\b(90|30) days/);
    expect(en).toContain('Expression analysis is switched off by default. It is off everywhere in this branch.');
    expect(en).toContain(`write to ${CONTACT}`);
    expect(en).toContain('No face recognition and no identification');
    expect(en).toContain('never stored or sent anywhere');

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '隐私声明' }).waitFor();
    const zh = await notice(page);
    expect(zh).toContain('在 45 天后删除；书面留言和员工备注在 14 天后删除');
    expect(zh).toContain('本网点所有区域均未开启');
    expect(zh).toContain(CONTACT);
  });

  it('names the zones where an admin switched expression analysis on, on the page and in the kiosk; never a counter zone', async () => {
    const refused = await hub.inject('PUT', '/api/v1/zones/counters', { body: { nameEn: 'Counters', nameZh: '柜台', kind: 'counter', expressions: true } });
    expect(refused).toMatchObject({ status: 400, body: { message: expect.stringContaining('never allowed in a counter zone') } });
    const lobby = await hub.inject('PUT', '/api/v1/zones/lobby', { body: { nameEn: 'Lobby', nameZh: '大堂', kind: 'lobby', expressions: true } });
    expect(lobby.status).toBe(200);
    try {
      const page = await open('/privacy/?lang=en');
      const en = await notice(page);
      expect(en).toContain('This branch has switched it on only in: Lobby.');
      expect(en).not.toContain('off everywhere');
      await page.goto(`${hub.httpUrl}/privacy/?lang=zh-CN`);
      expect(await notice(page)).toContain('本网点仅在以下区域开启：大堂。');

      await page.goto(`${hub.httpUrl}/kiosk/?kiosk=kiosk-1&lang=en`);
      await page.getByTestId('privacy-link').click();
      expect(await notice(page)).toContain('This branch has switched it on only in: Lobby.');
    } finally {
      await hub.inject('PUT', '/api/v1/zones/lobby', { body: { nameEn: 'Lobby', nameZh: '大堂', kind: 'lobby' } });
    }
  });

  it('prints as a one-page bilingual sign for the entrance, on A4 and on A3', async () => {
    const page = await open('/privacy/?sign=1');
    const sign = page.getByTestId('privacy-sign');
    const text = await notice(page, '[data-testid="privacy-sign"]');
    for (const expected of ['本网点的摄像头与自助服务机', 'Cameras and kiosks in this branch', '触点演示支行（滨江）', 'Touchpoint Demo Branch, Riverside',
      '在 45 天后删除', 'deleted after 45 days', '本网点所有区域均未开启', 'off everywhere in this branch', `${hub.httpUrl}/privacy/`]) {
      expect(text).toContain(expected);
    }
    expect(await sign.getByRole('img', { name: '用手机阅读本声明 · Read this notice on your phone' }).isVisible()).toBe(true);
    expect(await page.locator('.app-header, .language-switch').count()).toBe(0);
    expect(pdfPages(await page.pdf({ format: 'A4', printBackground: true }))).toBe(1);
    // The control: with its text twice over, the same sign needs a second page.
    await page.evaluate(() => {
      const columns = document.querySelector('.privacy-sign-columns')!;
      columns.append(...[...columns.children].map((child) => child.cloneNode(true)));
    });
    expect(pdfPages(await page.pdf({ format: 'A4', printBackground: true }))).toBeGreaterThan(1);

    await page.goto(`${hub.httpUrl}/privacy/?sign=a3`);
    await notice(page, '[data-testid="privacy-sign"]');
    expect(await page.locator('.privacy-sign.paper-a3').count()).toBe(1);
    expect(pdfPages(await page.pdf({ format: 'A3', printBackground: true }))).toBe(1);
  });
});
