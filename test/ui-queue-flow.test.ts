/**
 * The screens end to end in real Chromium against a real hub: a customer takes a ticket at the
 * kiosk, follows it on their phone, the counter calls it, the lobby display and the phone show
 * where to go, the counter serves it. Once in English and once in Chinese (from the browser's
 * language, as a customer's phone would choose).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureUiBuilt, launchChromium, openPage, type OpenedPage } from './helpers/browser.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';

/** A real browser on a shared 2-core machine: generous, and still a bound. */
const BROWSER_TEST_MS = 60_000;

let hub: TestHub;
let browser: Browser;
let opened: OpenedPage[] = [];

beforeAll(async () => {
  await ensureUiBuilt();
  browser = await launchChromium();
}, 240_000);
afterAll(() => browser?.close());
// A fresh branch for each flow: nobody waiting, nothing called yet.
beforeEach(async () => {
  hub = await startTestHub();
});
afterEach(async () => {
  // The demo kiosk's telemetry goes to an edge node that is not running here: refused, quietly.
  const errors = opened.flatMap((page) => page.errors).filter((error) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(error));
  await Promise.all(opened.map((page) => page.context.close()));
  opened = [];
  await hub.close();
  expect(errors).toEqual([]);
});

async function open(path: string, locale: string): Promise<Page> {
  const page = await openPage(browser, { locale });
  opened.push(page);
  await page.page.goto(`${hub.httpUrl}${path}`);
  return page.page;
}

interface Texts {
  locale: string;
  ticketTile: string;
  noAssistance: string;
  next: string;
  noCalls: string;
  signIn: string;
  callNext: string;
  start: string;
  done: string;
  goToCounter1: string;
  servedAtCounter1: string;
  counter1: string;
  thanks: string;
}

const ENGLISH: Texts = {
  locale: 'en-US', ticketTile: 'Take a ticket', noAssistance: 'No, continue', next: 'You are next', noCalls: 'No numbers called yet',
  signIn: 'Sign in', callNext: 'Call next', start: 'Start serving', done: 'Done', goToCounter1: 'Please go to Counter 1',
  servedAtCounter1: 'Being served at Counter 1', counter1: 'Counter 1', thanks: 'Thank you for your visit.',
};
const CHINESE: Texts = {
  locale: 'zh-CN', ticketTile: '取号', noAssistance: '不需要，继续', next: '下一位就是您', noCalls: '暂无叫号',
  signIn: '登录', callNext: '呼叫下一位', start: '开始办理', done: '办理完成', goToCounter1: '请到1号柜台办理',
  servedAtCounter1: '正在1号柜台办理', counter1: '1号柜台', thanks: '感谢您的光临。',
};

async function takeTicket(kiosk: Page, texts: Texts): Promise<{ number: string; url: string; code: string }> {
  await kiosk.getByRole('button', { name: texts.ticketTile }).click();
  await kiosk.getByTestId('service-teller').click();
  const [response] = await Promise.all([
    kiosk.waitForResponse((answer) => answer.url().endsWith('/api/v1/queue/tickets') && answer.request().method() === 'POST'),
    kiosk.getByRole('button', { name: texts.noAssistance }).click(),
  ]);
  expect(response.status()).toBe(201);
  return response.json();
}

describe('a ticket from the kiosk to the counter', { timeout: BROWSER_TEST_MS }, () => {
  for (const texts of [ENGLISH, CHINESE]) {
    it(`works in ${texts.locale}`, async () => {
      const display = await open('/display/', texts.locale);
      await expect.poll(() => display.locator('.no-calls').textContent()).toBe(texts.noCalls);

      const kiosk = await open('/kiosk/?kiosk=kiosk-1', texts.locale);
      const ticket = await takeTicket(kiosk, texts);
      await expect.poll(() => kiosk.getByTestId('ticket-number').textContent()).toBe(ticket.number);
      await expect.poll(() => kiosk.getByTestId('ticket-position').textContent()).toBe(texts.next);
      expect(await kiosk.locator('.ticket-qr svg[role="img"]').count()).toBe(1);

      const phoneUrl = new URL(ticket.url, hub.httpUrl);
      const phone = await open(`${phoneUrl.pathname}${phoneUrl.search}`, texts.locale);
      await expect.poll(() => phone.getByTestId('ticket-number').textContent()).toBe(ticket.number);
      await expect.poll(() => phone.getByTestId('ticket-position').textContent()).toBe(texts.next);

      const counter = await open('/counter/?counter=c1', texts.locale);
      await counter.locator('input[name="username"]').fill('wang');
      await counter.locator('input[name="password"]').fill('touchpoint-staff');
      await counter.getByRole('button', { name: texts.signIn }).click();
      await counter.getByRole('button', { name: texts.callNext }).click();
      await expect.poll(() => counter.getByTestId('current-number').textContent()).toBe(ticket.number);

      await expect.poll(() => display.getByTestId('latest-number').textContent()).toBe(ticket.number);
      expect(await display.getByTestId('latest-counter').textContent()).toBe(texts.counter1);
      await expect.poll(() => phone.getByTestId('ticket-status').textContent()).toBe(texts.goToCounter1);

      await counter.getByRole('button', { name: texts.start }).click();
      await expect.poll(() => phone.getByTestId('ticket-status').textContent()).toBe(texts.servedAtCounter1);
      await counter.getByRole('button', { name: texts.done }).click();
      await expect.poll(() => phone.getByTestId('ticket-status').textContent()).toBe(texts.thanks);
      await expect.poll(() => counter.getByTestId('current-ticket').count()).toBe(0);
    });
  }

  it('follows a transfer on the phone, and lets the customer give the ticket up', async () => {
    const ticket = await (await hub.request('/api/v1/queue/tickets', { method: 'POST', token: null, json: { serviceId: 'teller', language: 'en' } })).json();
    const phoneUrl = new URL(ticket.url, hub.httpUrl);
    const phone = await open(`${phoneUrl.pathname}${phoneUrl.search}`, 'en-US');
    await expect.poll(() => phone.getByTestId('ticket-position').textContent()).toBe('You are next');

    const counter = await open('/counter/?counter=c1', 'en-US');
    await counter.locator('input[name="username"]').fill('wang');
    await counter.locator('input[name="password"]').fill('touchpoint-staff');
    await counter.getByRole('button', { name: 'Sign in' }).click();
    await counter.getByRole('button', { name: 'Call next' }).click();
    await expect.poll(() => phone.getByTestId('ticket-status').textContent()).toBe('Please go to Counter 1');
    await counter.getByRole('button', { name: 'Transfer' }).click();
    await counter.getByTestId('transfer-fx').click();
    await expect.poll(() => counter.getByTestId('current-ticket').count()).toBe(0);

    await expect.poll(() => phone.locator('.ticket-service').textContent()).toBe('Foreign exchange');
    expect(await phone.getByTestId('ticket-number').textContent()).toBe(ticket.number);
    await phone.getByTestId('ticket-position').waitFor();
    await phone.getByTestId('cancel-ticket').click();
    await phone.getByTestId('cancel-confirm').click();
    await expect.poll(() => phone.getByTestId('ticket-status').textContent()).toBe('You have given up this ticket.');
    expect(await phone.getByTestId('cancel-ticket').count()).toBe(0);
  });
});
