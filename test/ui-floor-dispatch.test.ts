/**
 * From a sign to a person arriving, in real Chromium against a real hub, with the real
 * `mosquitto_pub` as the edge node: a customer's help request reaches the phone of an available
 * staff member, who accepts, arrives and resolves it while the floor tablet follows the alert's
 * whole story until it closes; with nobody answering, the offer moves on and then escalates to
 * the floor. The phone follows the person's presence wherever it changes, and the floor shows who
 * works each counter. Both pages also in Chinese.
 */
import { execFile } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt, launchChromium, openPage, type OpenedPage } from './helpers/browser.ts';
import { login } from './helpers/dispatch-api.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock } from './helpers/queue-api.ts';

/** A real browser on a shared 2-core machine: generous, and still a bound. */
const BROWSER_TEST_MS = 90_000;
const OFFER_TIMEOUT_MINUTES = 61 / 60;

let hub: TestHub | null = null;
let browser: Browser;
let opened: OpenedPage[] = [];

beforeAll(async () => {
  await ensureUiBuilt();
  browser = await launchChromium();
}, 240_000);
afterAll(() => browser?.close());
afterEach(async () => {
  const errors = opened.flatMap((page) => page.errors);
  await Promise.all(opened.map((page) => page.context.close()));
  opened = [];
  await hub?.close();
  hub = null;
  expect(errors).toEqual([]);
});

async function startHub(clock?: FakeClock): Promise<{ hub: TestHub; edge: Edge }> {
  hub = await startTestHub({}, clock ? { now: clock.now } : {});
  const response = await hub.request('/api/v1/devices', { method: 'POST', json: { kind: 'edge', sourceId: 'cam-lobby-1', name: 'Lobby camera 1' } });
  expect(response.status).toBe(201);
  return { hub, edge: (await response.json()).mqtt };
}

type Edge = { username: string; password: string };

/** The edge node publishes one event, with Debian's mosquitto_pub. */
function publish(target: TestHub, edge: Edge, eventKind: 'distress' | 'queue', type: string, data: object): Promise<void> {
  const url = new URL(target.mqttUrl);
  const event = { specversion: '1.0', id: crypto.randomUUID(), source: '/b001/edge/cam-lobby-1', type, time: new Date().toISOString(), datacontenttype: 'application/json', data };
  const argv = ['-h', url.hostname, '-p', url.port, '-q', '1', '-t', `tp/v1/b001/edge/cam-lobby-1/${eventKind}`, '-u', edge.username, '-P', edge.password, '-s'];
  return new Promise((resolve, reject) => {
    const child = execFile('mosquitto_pub', argv, { timeout: 10_000 }, (error, _stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return reject(new Error('these tests need the real mosquitto_pub: apt-get install mosquitto-clients'));
      if (error) return reject(new Error(`mosquitto_pub failed: ${stderr}`));
      resolve();
    });
    child.stdin!.end(JSON.stringify(event));
  });
}

/** A customer asked for a person in the lobby. */
const publishHelpRequest = (target: TestHub, edge: Edge) =>
  publish(target, edge, 'distress', 'tp.distress.detected', { zoneId: 'lobby', kind: 'help-request', severity: 'medium', confidence: 1, durationS: 0 });

/** Counts, inside the page, the tones it synthesises and the vibrations it asks for. */
const COUNT_SIGNALS = () => {
  const counts = { tones: 0, vibrations: 0 };
  Object.assign(window, { __signals: counts });
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
    counts.tones++;
    return start.apply(this, args);
  };
  Object.defineProperty(navigator, 'vibrate', { value: () => ++counts.vibrations > 0, configurable: true });
};
const signals = (page: Page) => page.evaluate(() => (window as unknown as { __signals: { tones: number; vibrations: number } }).__signals);

async function open(target: TestHub, path: string, locale = 'en-US', viewport?: { width: number; height: number }): Promise<Page> {
  const page = await openPage(browser, { locale });
  opened.push(page);
  if (viewport) await page.page.setViewportSize(viewport);
  await page.page.addInitScript(COUNT_SIGNALS);
  await page.page.goto(`${target.httpUrl}${path}`);
  return page.page;
}

async function signIn(page: Page, username: string, password: string, button = 'Sign in'): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: button }).click();
}

/** The staff phone (portrait), signed in as Wang Wei, available in the given zone. */
async function wangOnDuty(target: TestHub, zoneId: string): Promise<Page> {
  const phone = await open(target, '/staff/', 'en-US', { width: 400, height: 820 });
  await signIn(phone, 'wang', 'touchpoint-staff');
  await phone.getByTestId('no-tasks').waitFor();
  await Promise.all([
    phone.waitForResponse((answer) => answer.url().endsWith('/api/v1/staff/me/presence') && answer.ok()),
    phone.getByTestId('presence-available').click(),
  ]);
  await Promise.all([
    phone.waitForResponse((answer) => answer.url().endsWith('/api/v1/staff/me/presence') && answer.ok()),
    phone.getByTestId('presence-zone').selectOption(zoneId),
  ]);
  await expect.poll(() => phone.getByTestId('presence-available').getAttribute('aria-pressed')).toBe('true');
  return phone;
}

async function floorTablet(target: TestHub): Promise<Page> {
  const floor = await open(target, '/floor/', 'en-US', { width: 1280, height: 800 });
  await signIn(floor, 'floor', 'touchpoint-floor');
  await floor.getByTestId('no-alerts').waitFor();
  return floor;
}

/** The kinds of the steps the floor's alert detail shows, in order. */
const storySteps = (floor: Page) => floor.locator('[data-testid="alert-story"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-step')));

describe('a help request from the edge to a person on the floor', { timeout: BROWSER_TEST_MS }, () => {
  it('reaches an available staff member, who accepts, arrives and resolves it, while the floor follows the whole story', async () => {
    const { hub: target, edge } = await startHub();
    const phone = await wangOnDuty(target, 'lobby');
    await phone.getByRole('button', { name: 'Turn on sound' }).click();
    await phone.getByRole('button', { name: 'Sound on' }).waitFor();
    const floor = await floorTablet(target);
    await publish(target, edge, 'queue', 'tp.queue.observed', { zoneId: 'teller-line', count: 4, waitEstimateS: 360, confidence: 0.82, windowS: 30 });
    await expect.poll(() => floor.getByTestId('zone-teller-line').locator('.zone-count').textContent()).toBe('4 people');
    // Why the teller wait is what it is: the camera sees 4 in line and nobody holds a ticket yet.
    await expect.poll(() => floor.getByTestId('why-teller').textContent()).toBe('nobody ahead, 2 counters at 5 min a customer · 3 more in line without a ticket');

    await publishHelpRequest(target, edge);

    const task = phone.locator('[data-testid^="task-"][data-status="offered"]');
    await task.waitFor();
    await expect.poll(() => signals(phone)).toEqual({ tones: 3, vibrations: 1 });
    // A reload loses nothing: the hub sends the list again, and the presence set here is kept.
    await phone.reload();
    await task.waitFor();
    expect(await phone.getByTestId('presence-available').getAttribute('aria-pressed')).toBe('true');
    expect(await task.getByTestId('task-what').textContent()).toBe('Customer asked for help');
    expect(await task.getByTestId('task-where').textContent()).toBe('Lobby');
    expect(await task.getByTestId('task-why').textContent()).toMatch(/help/i);

    const alertItem = floor.locator('[data-kind="help-request"]');
    await alertItem.waitFor();
    await expect.poll(() => alertItem.getByTestId('alert-dispatch').textContent()).toBe('Offered: Wang Wei');
    const alertId = (await alertItem.getAttribute('data-testid'))!.replace(/^alert-/, '');
    await alertItem.getByRole('button', { name: 'Details' }).click();
    await expect.poll(() => storySteps(floor)).toEqual(['opened', 'offered']);

    await task.getByRole('button', { name: 'Accept' }).click();
    // Accepting made Wang busy: the hub tells his phone.
    await expect.poll(() => phone.getByTestId('presence-busy').getAttribute('aria-pressed')).toBe('true');
    const held = phone.locator('[data-testid^="task-"][data-status="accepted"]');
    await held.getByRole('button', { name: 'I am there' }).click();
    const onSite = phone.locator('[data-testid^="task-"][data-status="arrived"]');
    await onSite.locator('textarea[name="outcome"]').fill('Helped the customer activate mobile banking');
    await onSite.getByRole('button', { name: 'Resolved' }).click();
    await phone.getByTestId('no-tasks').waitFor();
    await expect.poll(() => phone.getByTestId('presence-available').getAttribute('aria-pressed')).toBe('true');

    await expect.poll(() => floor.getByTestId('alert-detail').getAttribute('data-status')).toBe('resolved');
    expect(await storySteps(floor)).toEqual(expect.arrayContaining(['opened', 'offered', 'accepted', 'arrived']));
    const steps = await storySteps(floor);
    expect(steps.indexOf('offered')).toBeLessThan(steps.indexOf('accepted'));
    expect(steps.indexOf('accepted')).toBeLessThan(steps.indexOf('arrived'));
    expect(steps.some((kind) => kind === 'dispatch-resolved' || kind === 'resolved')).toBe(true);
    expect(await floor.getByTestId('detail-outcome').textContent()).toBe('Outcome: Helped the customer activate mobile banking');
    await floor.getByTestId('alert-detail').getByRole('button', { name: 'Close', exact: true }).click();
    await floor.getByTestId('no-alerts').waitFor();
    expect(await floor.locator('[data-testid="timeline"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-event')))).toEqual(['closed', 'opened']);

    const dispatch = await target.db.dispatch.findFirstOrThrow({ where: { alertId } });
    expect(dispatch).toMatchObject({ status: 'resolved', staffId: 's-wang', outcome: 'Helped the customer activate mobile banking' });
    expect(dispatch.acceptedAt).toBeInstanceOf(Date);
    expect(dispatch.arrivedAt).toBeInstanceOf(Date);
    expect(dispatch.resolvedAt).toBeInstanceOf(Date);
    expect(dispatch.acceptedAt!.getTime()).toBeLessThanOrEqual(dispatch.arrivedAt!.getTime());
    expect(dispatch.arrivedAt!.getTime()).toBeLessThanOrEqual(dispatch.resolvedAt!.getTime());

    // Wang opens counter 1: the floor shows him at it, and his phone shows him busy at the counters.
    const wang = await login(target, 'wang', 'touchpoint-staff');
    expect((await target.request('/api/v1/queue/counters/c1/open', { method: 'POST', token: wang })).status).toBe(200);
    await expect.poll(() => floor.getByTestId('counter-staff-c1').textContent()).toBe('At the counter: Wang Wei');
    await expect.poll(() => phone.getByTestId('presence-busy').getAttribute('aria-pressed')).toBe('true');
    expect(await phone.getByTestId('presence-zone').inputValue()).toBe('counters');
  });

  it('moves on to the next person when nobody answers, then escalates to the floor', async () => {
    const clock = new FakeClock(Date.now());
    const { hub: target, edge } = await startHub(clock);
    const phone = await wangOnDuty(target, 'lobby');
    // Chen Jie is on duty at the entrance, further away than Wang in the lobby, and never answers.
    expect((await target.request('/api/v1/staff/s-chen/presence', { method: 'PUT', json: { status: 'available', zoneId: 'entrance' } })).status).toBe(200);
    const floor = await floorTablet(target);
    await floor.getByRole('button', { name: 'Turn on alarm sound' }).click();
    await floor.getByRole('button', { name: 'Alarm sound on' }).waitFor();

    await publishHelpRequest(target, edge);
    const offer = phone.locator('[data-testid^="task-"][data-status="offered"]');
    await offer.waitFor();
    const alertItem = floor.locator('[data-kind="help-request"]');
    await expect.poll(() => alertItem.getByTestId('alert-dispatch').textContent()).toBe('Offered: Wang Wei');

    clock.advance(OFFER_TIMEOUT_MINUTES);
    await phone.getByTestId('no-tasks').waitFor();
    await expect.poll(() => alertItem.getByTestId('alert-dispatch').textContent()).toBe('Offered: Chen Jie');

    clock.advance(OFFER_TIMEOUT_MINUTES);
    await expect.poll(() => alertItem.getByTestId('alert-dispatch').textContent()).toBe('Escalated to the floor manager');
    await expect.poll(() => alertItem.getAttribute('class')).toContain('severity-high');
    // A medium help request rang nothing; raised to high by the escalation, the floor sounds.
    await expect.poll(async () => (await signals(floor)).tones).toBe(3);
    // A reloaded tablet knows where every open alert's dispatch stands.
    await floor.reload();
    await expect.poll(() => alertItem.getByTestId('alert-dispatch').textContent()).toBe('Escalated to the floor manager');
    await alertItem.getByRole('button', { name: 'Details' }).click();
    await expect.poll(() => storySteps(floor)).toEqual(expect.arrayContaining(['opened', 'offered', 'timeout', 'escalated']));
    const steps = await storySteps(floor);
    expect(steps.filter((kind) => kind === 'offered')).toHaveLength(2);
    expect(steps.filter((kind) => kind === 'timeout')).toHaveLength(2);

    // The manager sends Wang after all: one tap, and the offer is on his phone again.
    await floor.getByTestId('reassign-to').selectOption('s-wang');
    await floor.getByTestId('alert-detail').getByRole('button', { name: 'Send', exact: true }).click();
    await offer.waitFor();
    await expect.poll(() => floor.getByTestId('detail-dispatch').textContent()).toBe('Offered: Wang Wei');
    await expect.poll(() => storySteps(floor)).toContain('reassigned');
  });
});

describe('the floor and staff pages in Chinese', { timeout: BROWSER_TEST_MS }, () => {
  it('speak Chinese from the browser language, and turn away a login the page is not for', async () => {
    const { hub: target } = await startHub();
    const phone = await open(target, '/staff/', 'zh-CN', { width: 400, height: 820 });
    await signIn(phone, 'hq-analyst', 'touchpoint-hq', '登录');
    await expect.poll(() => phone.getByRole('alert').textContent()).toBe('此账号无权使用本页面。');
    await signIn(phone, 'wang', 'touchpoint-staff', '登录');
    await expect.poll(() => phone.getByTestId('no-tasks').textContent()).toBe('暂无任务。');
    expect(await phone.locator('h1').textContent()).toBe('我的任务');
    expect(await phone.getByTestId('presence-break').textContent()).toBe('休息中');

    const floor = await open(target, '/floor/', 'zh-CN', { width: 1280, height: 800 });
    await signIn(floor, 'floor', 'touchpoint-floor', '登录');
    await expect.poll(() => floor.getByTestId('no-alerts').textContent()).toBe('暂无未处理告警。');
    expect(await floor.locator('h1').textContent()).toBe('网点大堂');
    await expect.poll(() => floor.getByTestId('zone-lobby').locator('.zone-name').textContent()).toBe('大堂');
    expect(await floor.getByTestId('why-teller').textContent()).toBe('前面无人，2个窗口，每位约5分钟');
  });
});
