/**
 * A kiosk session leaves nothing personal behind, in real Chromium against a real hub and the real
 * edge telemetry endpoint. One customer takes a ticket, books an appointment, searches self-help
 * with a question naming themselves, and leaves feedback with a comment giving a phone number;
 * then nobody touches the screen (Playwright's clock) until it resets. After "Finished" and after
 * the reset, none of it — the ticket's number and secret code, the booking code, the words typed —
 * is in localStorage, sessionStorage, IndexedDB, the Cache API, a service worker, cookies, the
 * address, the page's HTML or its input fields; and no telemetry post ever carried any of it, each
 * post being exactly the contract's batch. The kiosk talked to no one but the hub and its edge node.
 * (test/ui-kiosk.test.ts checks the reset itself: the prompt, the countdown, the home screen.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTelemetryServer } from '../edge/kiosk-telemetry/server.ts';
import { kioskInteractionBatch } from '../protocol/kiosk-telemetry.ts';
import { ensureUiBuilt, launchChromium, openPage, type OpenedPage } from './helpers/browser.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { tempDir } from './helpers/temp-dir.ts';

const IDLE_WARN_S = 30;
const IDLE_RESET_S = 20;
const QUESTION = 'zhangwei stolen card';
const COMMENT = 'Please call Zhang Wei on 13800138000 about card 6222021234567890';

let hub: TestHub;
let browser: Browser;
let edge: FastifyInstance;
let edgeOrigin: string;
const configDir = tempDir();

beforeAll(async () => {
  await ensureUiBuilt();
  edge = buildTelemetryServer({ kioskIds: ['kiosk-1'], allowedOrigins: ['*'], log: pino({ level: 'silent' }), onInteractions: async () => undefined });
  await edge.listen({ port: 0, host: '127.0.0.1' });
  const edgePort = (edge.server.address() as AddressInfo).port;
  edgeOrigin = `http://127.0.0.1:${edgePort}`;
  const branch = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json'), 'utf8'));
  branch.kiosks = [{ id: 'kiosk-1', nameEn: 'Lobby kiosk', nameZh: '大堂自助机', zoneId: 'kiosk-area', telemetryUrl: `http://{host}:${edgePort}`, idleWarnS: IDLE_WARN_S, idleResetS: IDLE_RESET_S }];
  const configFile = path.join(configDir.path, 'branch.json');
  writeFileSync(configFile, JSON.stringify(branch));
  hub = await startTestHub({ TP_BRANCH_CONFIG: configFile });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await edge?.close();
  configDir.remove();
});

/** Everything a page can keep about a visit, as text. */
async function whatTheKioskKeeps(opened: OpenedPage): Promise<Record<string, string>> {
  const inPage = await opened.page.evaluate(async () => {
    const storage = (area: Storage) => JSON.stringify(Object.fromEntries(Array.from({ length: area.length }, (_, i) => [area.key(i), area.getItem(area.key(i)!)])));
    const databases = await indexedDB.databases();
    const caches = 'caches' in self ? await self.caches.keys() : [];
    const workers = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistrations() : [];
    const fields = [...document.querySelectorAll('input, textarea, select')].map((field) => (field as HTMLInputElement).value);
    return {
      localStorage: storage(localStorage),
      sessionStorage: storage(sessionStorage),
      indexedDB: JSON.stringify(databases),
      caches: JSON.stringify(caches),
      serviceWorkers: String(workers.length),
      cookie: document.cookie,
      address: location.href,
      html: document.documentElement.outerHTML,
      fields: JSON.stringify(fields),
    };
  });
  return { ...inPage, cookies: JSON.stringify(await opened.context.cookies()) };
}

describe('a kiosk visit', () => {
  it('leaves no ticket, code or typed word on the kiosk or in its telemetry', { timeout: 90_000 }, async () => {
    const opened = await openPage(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    const kiosk: Page = opened.page;
    const posts: { url: string; method: string; body: string | null }[] = [];
    kiosk.on('request', (request) => posts.push({ url: request.url(), method: request.method(), body: request.postData() }));
    await kiosk.clock.install();
    await kiosk.goto(`${hub.httpUrl}/kiosk/?kiosk=kiosk-1`);
    await kiosk.getByRole('heading', { name: 'Welcome. How can we help?' }).waitFor();

    // A ticket: its number on screen, its secret code behind the QR code.
    await kiosk.getByTestId('tile-ticket').click();
    await kiosk.getByTestId('service-teller').click();
    const [issued] = await Promise.all([
      kiosk.waitForResponse((answer) => answer.url().endsWith('/api/v1/queue/tickets') && answer.request().method() === 'POST'),
      kiosk.getByTestId('assist-no').click(),
    ]);
    const ticket = (await issued.json()) as { number: string; code: string };
    expect(await kiosk.getByTestId('ticket-number').textContent()).toBe(ticket.number);
    await kiosk.getByTestId('finished').click();
    await kiosk.getByRole('heading', { name: 'Welcome. How can we help?' }).waitFor();
    const afterFinished = await whatTheKioskKeeps(opened);

    // An appointment: the flow asks for no name or number, only the slot; the booking code is shown.
    await kiosk.getByTestId('tile-appointment').click();
    await kiosk.getByTestId('book').click();
    await kiosk.getByTestId('service-accounts').click();
    await kiosk.locator('[data-testid^="day-"]').nth(1).click();
    const [booked] = await Promise.all([
      kiosk.waitForResponse((answer) => answer.url().endsWith('/api/v1/queue/appointments') && answer.request().method() === 'POST'),
      kiosk.getByTestId('slot').first().click(),
    ]);
    const booking = (await booked.json()) as { code: string };
    expect(await kiosk.getByTestId('booking-code').textContent()).toBe(booking.code);
    expect(await kiosk.locator('input').count()).toBe(0);
    await kiosk.getByRole('button', { name: 'Finished' }).click();

    // Self-help, searched with a question that names the customer.
    await kiosk.getByTestId('tile-self-help').click();
    await kiosk.getByLabel('Search').fill(QUESTION);
    await expect.poll(() => kiosk.locator('[data-testid^="article-"]').first().getAttribute('data-testid')).toBe('article-lost-card');
    await kiosk.getByTestId('article-lost-card').click();
    await kiosk.getByRole('heading', { name: 'Lost or stolen card' }).waitFor();
    await kiosk.getByRole('button', { name: 'Home' }).click();

    // Feedback with a comment full of personal data.
    await kiosk.getByTestId('tile-feedback').click();
    await kiosk.getByText('Happy', { exact: true }).click();
    await kiosk.locator('.nps-option', { hasText: /^9$/ }).click();
    await kiosk.getByLabel('Anything else you want to tell us? (optional)').fill(COMMENT);
    const whileTyping = await whatTheKioskKeeps(opened);
    await kiosk.getByTestId('feedback-send').click();
    await kiosk.getByRole('heading', { name: 'Thank you!' }).waitFor();

    // Nobody touches the screen: the prompt, then the reset.
    await kiosk.clock.runFor((IDLE_WARN_S + 1) * 1000);
    await kiosk.getByRole('dialog', { name: 'Are you still there?' }).waitFor();
    await kiosk.clock.runFor(IDLE_RESET_S * 1000);
    await kiosk.getByRole('heading', { name: 'Welcome. How can we help?' }).waitFor();
    const afterReset = await whatTheKioskKeeps(opened);
    // Telemetry still in the kiosk goes out (it flushes every 2 s of the page's clock).
    const telemetry = () => posts.filter((post) => post.url.startsWith(edgeOrigin) && post.method === 'POST');
    const sent = () => telemetry().flatMap((post) => (JSON.parse(post.body!) as { interactions: { type: string; task?: string }[] }).interactions.map((i) => `${i.type}:${i.task ?? ''}`));
    await kiosk.clock.runFor(5000);
    await expect.poll(sent, { timeout: 10_000 }).toEqual(expect.arrayContaining(['complete:ticket', 'complete:appointment', 'complete:self-help', 'complete:feedback']));

    const secrets = { ticketNumber: ticket.number, ticketCode: ticket.code, bookingCode: booking.code, question: 'zhangwei', comment: '13800138000', card: '6222021234567890' };
    // The probe works: while the customer types, their words are in the page.
    expect(whileTyping.fields).toContain('13800138000');
    for (const [when, kept] of Object.entries({ afterFinished, afterReset })) {
      for (const [where, text] of Object.entries(kept)) {
        for (const [what, secret] of Object.entries(secrets)) {
          if (when === 'afterFinished' && !['ticketNumber', 'ticketCode'].includes(what)) continue; // not typed yet
          expect(text.includes(secret), `${what} in ${where} ${when}`).toBe(false);
        }
      }
      expect(kept, when).toMatchObject({ localStorage: '{}', sessionStorage: '{}', indexedDB: '[]', caches: '[]', serviceWorkers: '0', cookie: '', cookies: '[]' });
    }
    // Nothing left the kiosk but to the hub and the edge node; to the edge only the contract's batches.
    for (const post of posts) expect([new URL(hub.httpUrl).origin, edgeOrigin], post.url).toContain(new URL(post.url).origin);
    for (const post of telemetry()) {
      expect(kioskInteractionBatch.safeParse(JSON.parse(post.body!)).success, post.body!).toBe(true);
      for (const [what, secret] of Object.entries(secrets)) expect(post.body!.includes(secret), `${what} in telemetry`).toBe(false);
    }
    await opened.context.close();
    expect(opened.errors).toEqual([]);
  });
});
