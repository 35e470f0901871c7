/**
 * The lobby kiosk in real Chromium against a real hub, with its telemetry going to the real
 * edge telemetry endpoint: it clears itself after idle (time driven by Playwright's clock),
 * keeps the customer's screen when they answer the prompt, reports each session in order, shows
 * when the hub is unreachable, and retries a ticket under the same idempotency key, so a lost
 * answer does not issue a second ticket. Then each kiosk task once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page, Route } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTelemetryServer } from '../edge/kiosk-telemetry/server.ts';
import type { KioskInteraction } from '../protocol/kiosk-telemetry.ts';
import { tooManyRequests } from '../hub/api/public-rate-limit.ts';
import { ensureUiBuilt, launchChromium, openPage, type OpenedPage } from './helpers/browser.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock } from './helpers/queue-api.ts';
import { tempDir } from './helpers/temp-dir.ts';

const IDLE_WARN_S = 30;
const IDLE_RESET_S = 20;

/** A real browser on a shared 2-core machine: generous, and still a bound. */
const BROWSER_TEST_MS = 60_000;

let hub: TestHub;
let browser: Browser;
let edge: FastifyInstance;
let received: KioskInteraction[] = [];
let opened: OpenedPage | null = null;
const configDir = tempDir();
/** The hub's clock, moved to an appointment's check-in window; it starts at the real time. */
const hubClock = new FakeClock(Date.now());

beforeAll(async () => {
  await ensureUiBuilt();
  edge = buildTelemetryServer({
    kioskIds: ['kiosk-1'], allowedOrigins: ['*'], log: pino({ level: 'silent' }),
    onInteractions: async (_kioskId, interactions) => void received.push(...interactions),
  });
  await edge.listen({ port: 0, host: '127.0.0.1' });
  const edgePort = (edge.server.address() as AddressInfo).port;

  const branch = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json'), 'utf8'));
  branch.kiosks = [{ id: 'kiosk-1', nameEn: 'Lobby kiosk', nameZh: '大堂自助机', zoneId: 'kiosk-area', telemetryUrl: `http://{host}:${edgePort}`, idleWarnS: IDLE_WARN_S, idleResetS: IDLE_RESET_S }];
  const configFile = path.join(configDir.path, 'branch.json');
  writeFileSync(configFile, JSON.stringify(branch));
  hub = await startTestHub({ TP_BRANCH_CONFIG: configFile }, { now: hubClock.now });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await edge?.close();
  configDir.remove();
});
afterEach(async () => {
  // Refused connections are what the offline test is about; anything else is a fault of the page.
  const errors = opened?.errors.filter((error) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/.test(error)) ?? [];
  await opened?.context.close();
  opened = null;
  received = [];
  expect(errors).toEqual([]);
});

async function openKiosk(options: { clock?: boolean } = {}): Promise<Page> {
  // The kiosk stands in the branch, so its clock shows the branch's time zone.
  opened = await openPage(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  if (options.clock) await opened.page.clock.install();
  await opened.page.goto(`${hub.httpUrl}/kiosk/?kiosk=kiosk-1`);
  await opened.page.getByRole('heading', { name: 'Welcome. How can we help?' }).waitFor();
  return opened.page;
}

async function takeTicket(kiosk: Page): Promise<string> {
  await kiosk.getByTestId('tile-ticket').click();
  await kiosk.getByTestId('service-teller').click();
  await kiosk.getByTestId('assist-no').click();
  const number = await kiosk.getByTestId('ticket-number').textContent();
  expect(number).toMatch(/^A\d{3}$/);
  return number!;
}

/**
 * What the edge node took, each interaction once. Delivery is at least once: a post that timed
 * out on the kiosk (here: Playwright's clock jumping past the request timeout) is sent again,
 * and the edge drops a repeated sessionId + seq.
 */
function delivered(): KioskInteraction[] {
  const seen = new Set<string>();
  return received.filter((interaction) => {
    const key = `${interaction.sessionId}/${interaction.seq}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const idlePrompt = (kiosk: Page) => kiosk.getByRole('dialog', { name: 'Are you still there?' });

describe('the lobby kiosk', { timeout: BROWSER_TEST_MS }, () => {
  it('asks whether someone is still there, then forgets the ticket and goes home', async () => {
    const kiosk = await openKiosk({ clock: true });
    const number = await takeTicket(kiosk);
    await kiosk.getByRole('button', { name: 'Large text' }).click();

    await kiosk.clock.runFor((IDLE_WARN_S + 1) * 1000);
    await idlePrompt(kiosk).waitFor();
    expect(await kiosk.getByTestId('idle-countdown').textContent()).toMatch(/cleared in (19|20) seconds/);

    await kiosk.clock.runFor(IDLE_RESET_S * 1000);
    await kiosk.getByRole('heading', { name: 'Welcome. How can we help?' }).waitFor();
    expect(await idlePrompt(kiosk).isVisible()).toBe(false);
    expect(await kiosk.locator('body').textContent()).not.toContain(number);
    expect(await kiosk.getByRole('button', { name: 'Large text' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('keeps the customer where they were when they answer the prompt', async () => {
    const kiosk = await openKiosk({ clock: true });
    await kiosk.getByTestId('tile-ticket').click();
    await kiosk.getByRole('heading', { name: 'Choose a service' }).waitFor();
    await kiosk.clock.runFor((IDLE_WARN_S + 1) * 1000);
    await idlePrompt(kiosk).getByRole('button', { name: 'Continue' }).click();
    await kiosk.clock.runFor(IDLE_RESET_S * 1000);
    expect(await idlePrompt(kiosk).isVisible()).toBe(false);
    expect(await kiosk.getByRole('heading', { name: 'Choose a service' }).isVisible()).toBe(true);
  });

  it('sends each session to the edge node in order: a completed ticket, then an abandoned one that timed out', async () => {
    const kiosk = await openKiosk({ clock: true });
    await takeTicket(kiosk);
    await kiosk.getByTestId('finished').click();
    await kiosk.getByTestId('tile-appointment').click();
    await kiosk.getByTestId('book').click();
    await kiosk.getByRole('button', { name: 'Back' }).click();
    await kiosk.clock.runFor((IDLE_WARN_S + IDLE_RESET_S + 1) * 1000);
    await kiosk.getByRole('heading', { name: 'Welcome. How can we help?' }).waitFor();

    const expected = [
      ['session-start', undefined, undefined], ['screen', 'ticket', 'ticket.service'], ['screen', 'ticket', 'ticket.assist'], ['screen', 'ticket', 'ticket.issued'], ['complete', 'ticket', undefined],
      ['session-start', undefined, undefined], ['screen', 'appointment', 'appointment.menu'], ['screen', 'appointment', 'appointment.service'], ['back', 'appointment', undefined],
      ['screen', 'appointment', 'appointment.menu'], ['idle-warning', 'appointment', undefined], ['timeout', 'appointment', undefined],
    ];
    // Polls the whole sequence, so a failure shows what the edge took, not only how many.
    await expect.poll(() => delivered().map((interaction) => [interaction.type, interaction.task, interaction.screen]), { timeout: 15_000 }).toEqual(expected);
    const sessions = [...new Set(delivered().map((interaction) => interaction.sessionId))];
    expect(sessions).toHaveLength(2);
    expect(delivered().filter((interaction) => interaction.sessionId === sessions[1]).map((interaction) => interaction.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('says when the hub is unreachable, and a ticket whose answer was lost is not issued twice', async () => {
    const kiosk = await openKiosk();
    await kiosk.getByTestId('tile-ticket').click();
    await kiosk.getByTestId('service-teller').waitFor();

    await kiosk.context().setOffline(true);
    await kiosk.getByTestId('offline-banner').waitFor();
    await kiosk.context().setOffline(false);
    await kiosk.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 15_000 });

    const issued = async () => ((await (await hub.request('/api/v1/queue/tickets')).json()) as { number: string }[]).map((ticket) => ticket.number);
    const before = await issued();
    const keys: string[] = [];
    await kiosk.route('**/api/v1/queue/tickets', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      // The hub issues the ticket, but its answer never reaches the kiosk.
      await route.fetch();
      await route.abort('connectionreset');
    });
    await kiosk.getByTestId('service-teller').click();
    await kiosk.getByTestId('assist-no').click();
    const number = await kiosk.getByTestId('ticket-number').textContent();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect((await issued()).filter((candidate) => !before.includes(candidate))).toEqual([number]);
  });
});

describe('the kiosk when the hub asks it to slow down (429)', { timeout: BROWSER_TEST_MS }, () => {
  /** What the hub answers over its public rate limit (hub/api/public-rate-limit.ts). */
  const tooMany = (route: Route) => route.fulfill({
    status: 429, headers: { 'retry-after': '20' }, contentType: 'application/json',
    body: JSON.stringify({ error: 'Too Many Requests', message: tooManyRequests(20).message }),
  });

  it('asks the customer to wait a moment, in English and in Chinese, and takes the ticket on Try again', async () => {
    const kiosk = await openKiosk();
    let answered = 0;
    await kiosk.route('**/api/v1/queue/tickets', (route) => (answered++ === 0 ? tooMany(route) : route.continue()));
    await kiosk.getByTestId('tile-ticket').click();
    await kiosk.getByTestId('service-teller').click();
    await kiosk.getByTestId('assist-no').click();
    await kiosk.getByRole('alert').getByText('Many requests right now. Please wait a moment, then try again.').waitFor();
    await kiosk.getByRole('button', { name: 'Try again' }).click();
    expect(await kiosk.getByTestId('ticket-number').textContent()).toMatch(/^A\d{3}$/);
    await kiosk.getByTestId('finished').click();

    await kiosk.route('**/api/v1/kb/articles**', tooMany);
    await kiosk.getByRole('button', { name: '中文' }).click();
    await kiosk.getByTestId('tile-self-help').click();
    await kiosk.getByRole('alert').getByText('当前请求较多，请稍候片刻再试。').waitFor();
  });
});

describe('the kiosk tasks', { timeout: BROWSER_TEST_MS }, () => {
  it('books an appointment, then checks in with its code on the keypad', async () => {
    const kiosk = await openKiosk();
    await kiosk.getByTestId('tile-appointment').click();
    await kiosk.getByTestId('book').click();
    await kiosk.getByTestId('service-accounts').click();
    await kiosk.locator('[data-testid^="day-"]').nth(1).click();
    const [booked] = await Promise.all([
      kiosk.waitForResponse((answer) => answer.url().endsWith('/api/v1/queue/appointments') && answer.request().method() === 'POST'),
      kiosk.getByTestId('slot').first().click(),
    ]);
    const booking = (await booked.json()) as { code: string; start: string };
    expect(await kiosk.getByTestId('booking-code').textContent()).toBe(booking.code);
    await kiosk.getByRole('button', { name: 'Finished' }).click();

    hubClock.ms = Date.parse(booking.start) - 10 * 60_000;
    await kiosk.getByTestId('tile-appointment').click();
    await kiosk.getByTestId('check-in').click();
    const keypad = kiosk.getByRole('group', { name: 'Booking code' });
    for (const character of booking.code) await keypad.getByRole('button', { name: character, exact: true }).click();
    await kiosk.getByTestId('check-in-submit').click();
    await kiosk.getByRole('heading', { name: 'You are checked in' }).waitFor();
    expect(await kiosk.getByTestId('ticket-number').textContent()).toMatch(/^B\d{3}$/);
  });

  it('finds a self-help article by search and shows its steps and illustration', async () => {
    const kiosk = await openKiosk();
    await kiosk.getByTestId('tile-self-help').click();
    await kiosk.getByTestId('article-lost-card').waitFor();
    await kiosk.getByLabel('Search').fill('stolen card');
    await expect.poll(() => kiosk.locator('[data-testid^="article-"]').first().getAttribute('data-testid')).toBe('article-lost-card');
    await kiosk.getByTestId('article-lost-card').click();
    await kiosk.getByRole('heading', { name: 'Lost or stolen card' }).waitFor();
    expect(await kiosk.locator('ol.steps li').count()).toBeGreaterThan(1);
    await expect.poll(() => kiosk.locator('img.article-image').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
  });

  it('asks for a face before sending feedback, then stores it', async () => {
    const kiosk = await openKiosk();
    await kiosk.getByTestId('tile-feedback').click();
    await kiosk.getByTestId('feedback-send').click();
    await kiosk.getByText('Please choose a face first.').waitFor();
    await kiosk.getByText('Happy', { exact: true }).click();
    await kiosk.locator('.nps-option', { hasText: /^9$/ }).click();
    await kiosk.getByLabel('Anything else you want to tell us? (optional)').fill('Quick and friendly');
    await kiosk.getByTestId('feedback-send').click();
    await kiosk.getByRole('heading', { name: 'Thank you!' }).waitFor();
    const stored = await (await hub.request('/api/v1/feedback')).json();
    expect(stored.items).toEqual([expect.objectContaining({ csat: 4, nps: 9, comment: 'Quick and friendly', language: 'en' })]);
  });

  it('says someone is coming only when the edge node took the help request', async () => {
    const kiosk = await openKiosk();
    await kiosk.getByTestId('tile-call-person').click();
    await kiosk.getByTestId('call-confirm').click();
    await kiosk.getByRole('heading', { name: 'Someone is coming' }).waitFor();
    expect(delivered().map((interaction) => interaction.type)).toContain('help-request');

    await kiosk.getByRole('button', { name: 'Finished' }).click();
    await kiosk.route('**/kiosk/v1/kiosk-1/interactions', (route) => route.abort('connectionrefused'));
    await kiosk.getByTestId('tile-call-person').click();
    await kiosk.getByTestId('call-confirm').click();
    expect(await kiosk.getByTestId('call-result').textContent()).toBe('We could not reach the staff automatically. Please wave to a member of staff or go to the reception desk.');
  });

  it('shows the privacy notice inside the kiosk, and at /privacy/ in Chinese', async () => {
    const kiosk = await openKiosk();
    await kiosk.getByTestId('privacy-link').click();
    await kiosk.getByRole('heading', { name: 'Privacy notice' }).waitFor();
    expect(await kiosk.locator('main').textContent()).toContain('Expression analysis is switched off by default.');
    await kiosk.getByRole('button', { name: 'Home' }).click();

    await kiosk.goto(`${hub.httpUrl}/privacy/?lang=zh-CN`);
    await kiosk.getByRole('heading', { name: '隐私声明' }).waitFor();
    expect(await kiosk.locator('main').textContent()).toContain('表情分析默认关闭');
  });
});
