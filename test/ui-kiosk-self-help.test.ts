/**
 * Self-help that understands the customer's own words, end to end in real Chromium: the hub as
 * `npm start` runs it (its own process, the shipped question model, debug logs), the real edge node
 * that analyses the kiosk's telemetry, and the kiosk page. An English question and a Chinese one
 * each open the guide that answers them, the Chinese one urgent with a one-tap call; "will it rain
 * tomorrow" gets "not sure" and a person. The experience log keeps the need each question was
 * understood as, how sure, and whether it helped or a person was called; afterwards no question's
 * text is anywhere in the hub's or the node's files, or in either's logs.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../edge/config.ts';
import { startEdgeNode, type EdgeNode } from '../edge/node.ts';
import { ensureUiBuilt, launchChromium, openPage, type OpenedPage } from './helpers/browser.ts';
import { startHubProcess, type HubProcess } from './helpers/hub-process.ts';
import { freePort } from './helpers/mosquitto.ts';
import { tempDir } from './helpers/temp-dir.ts';

const ADMIN = 'self-help-test-admin-token';
const NODE_ID = 'kiosk-edge';
const ENGLISH = 'my new card still hasnt come in the post';
const CHINESE = '刚才在门口的ATM取钱，卡被机器吞进去了';
const UNRELATED = 'will it rain tomorrow';

const dir = tempDir('tp-self-help-');
const hubData = path.join(dir.path, 'hub');
const edgeData = path.join(dir.path, 'edge');
let hub: HubProcess;
let node: EdgeNode | undefined;
let edgeLog = '';
let browser: Browser;
let opened: OpenedPage | undefined;

beforeAll(async () => {
  await ensureUiBuilt();
  const telemetryPort = await freePort();
  const mqttPort = await freePort();
  const branch = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json'), 'utf8'));
  branch.kiosks = [{ id: 'kiosk-1', nameEn: 'Lobby kiosk', nameZh: '大堂自助机', zoneId: 'kiosk-area', telemetryUrl: `http://{host}:${telemetryPort}`, idleWarnS: 120, idleResetS: 30 }];
  const configFile = path.join(dir.path, 'branch.json');
  writeFileSync(configFile, JSON.stringify(branch));
  hub = await startHubProcess({ DATA_DIR: hubData, TP_ADMIN_TOKEN: ADMIN, TP_BRANCH_CONFIG: configFile, MQTT_PORT: String(mqttPort), LOG_LEVEL: 'debug' });

  const registered = await api('/devices', { method: 'POST', body: JSON.stringify({ kind: 'edge', sourceId: NODE_ID, name: 'Kiosk analyser' }) });
  const log = pino({ level: 'debug', base: undefined }, { write: (line: string) => void (edgeLog += line) });
  node = await startEdgeNode(parseEdgeConfig({
    branchId: 'b001',
    nodeId: NODE_ID,
    broker: { url: `mqtt://127.0.0.1:${mqttPort}`, username: registered.mqtt.username, password: registered.mqtt.password },
    dataDir: edgeData,
    kiosks: [{ id: 'kiosk-1', zoneId: 'kiosk-area' }],
    kioskTelemetry: { host: '127.0.0.1', port: telemetryPort },
  }), log);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await opened?.context.close();
  await browser?.close();
  await node?.stop();
  await hub?.stop();
  dir.remove();
});

async function api(route: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(`${hub.apiUrl}${route}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

const storedSessions = async (): Promise<Record<string, unknown>[]> =>
  ((await api(`/events?type=tp.kiosk.session&sourceId=${NODE_ID}&limit=100`)).items as { data: Record<string, unknown> }[]).map((event) => event.data);

async function ask(kiosk: Page, question: string): Promise<void> {
  await kiosk.getByTestId('tile-self-help').click();
  await kiosk.locator('#kb-search').fill(question);
}

const firstGuide = (kiosk: Page) => kiosk.locator('[data-testid^="article-"]').first().getAttribute('data-testid');

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).map((name) => path.join(root, name)).filter((file) => statSync(file).isFile());
}

describe('self-help in the customer’s own words', () => {
  it('opens the right guide for an English and a Chinese question, offers a person when not sure, and keeps no question', { timeout: 120_000 }, async () => {
    opened = await openPage(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    const kiosk = opened.page;
    await kiosk.goto(`${hub.httpUrl}/kiosk/?kiosk=kiosk-1`);

    // English: sure of the answer, which helps; the customer reads it and goes home.
    await ask(kiosk, ENGLISH);
    await expect.poll(() => firstGuide(kiosk)).toBe('article-card-not-received');
    expect(await kiosk.getByTestId('help-not-sure').count()).toBe(0);
    expect(await kiosk.getByTestId('article-card-not-received').textContent()).toContain('Best answer');
    await kiosk.getByTestId('article-card-not-received').click();
    await kiosk.getByRole('heading', { name: 'Where is my new card?' }).waitFor();
    expect(await kiosk.getByTestId('urgent-call').count()).toBe(0);
    await kiosk.getByRole('button', { name: 'Home' }).click();

    // Chinese: a swallowed card is urgent; the guide shows the first safe step and calls a person in one tap.
    await kiosk.getByRole('button', { name: '中文' }).click();
    await ask(kiosk, CHINESE);
    await expect.poll(() => firstGuide(kiosk)).toBe('article-card-kept-by-atm');
    await kiosk.getByTestId('article-card-kept-by-atm').click();
    await kiosk.getByRole('heading', { name: '取款机吞卡了怎么办' }).waitFor();
    expect(await kiosk.locator('ol.steps li').count()).toBeGreaterThan(1);
    await kiosk.getByTestId('urgent-call').click();
    await expect.poll(() => kiosk.getByTestId('call-result').textContent()).toContain('工作人员很快就会来到您身边');
    await kiosk.getByRole('button', { name: '完成' }).click();

    // Not about banking: the kiosk says it is not sure, shows at most two guesses and offers a person.
    await kiosk.getByRole('button', { name: 'English' }).click();
    await ask(kiosk, UNRELATED);
    await kiosk.getByTestId('help-not-sure').waitFor();
    expect(await kiosk.locator('[data-testid^="article-"]').count()).toBeLessThanOrEqual(2);
    await kiosk.getByTestId('help-call-person').click();
    await kiosk.getByTestId('call-confirm').click();
    await expect.poll(() => kiosk.getByTestId('call-result').textContent()).toContain('A member of staff will be with you shortly');
    await kiosk.getByRole('button', { name: 'Finished' }).click();

    // The experience log: the need, how sure, and whether it helped or a person was asked for.
    await expect.poll(storedSessions, { timeout: 30_000 }).toHaveLength(3);
    const sessions = (await storedSessions()).sort((a, b) => String(a.sessionId).localeCompare(String(b.sessionId)));
    expect(sessions).toEqual([
      expect.objectContaining({ task: 'self-help', outcome: 'completed', answer: { need: expect.stringMatching(/^card_(arrival|delivery_estimate)$/), confidence: expect.any(Number), sure: true } }),
      expect.objectContaining({ task: 'call-person', outcome: 'escalated', answer: { need: 'card_swallowed', confidence: expect.any(Number), sure: true } }),
      expect.objectContaining({ task: 'call-person', outcome: 'escalated', answer: { need: expect.any(String), confidence: expect.any(Number), sure: false } }),
    ]);
    expect(opened.errors).toEqual([]);

    // Nothing of any question is kept: not in the hub's database, its logs, nor the node's files or logs.
    await node!.stop();
    node = undefined;
    await hub.stop();
    const files = [...filesUnder(hubData), ...filesUnder(edgeData)];
    expect(files.some((file) => file.endsWith('.db'))).toBe(true);
    const kept = [...files.map((file) => ({ where: file, text: readFileSync(file).toString('utf8') })), { where: 'hub log', text: hub.output() }, { where: 'edge log', text: edgeLog }];
    // The probe works: the logs are there, and the database holds the sessions.
    expect(hub.output()).toContain('is running');
    expect(kept.some(({ text }) => text.includes('card_swallowed'))).toBe(true);
    for (const question of [ENGLISH, CHINESE, UNRELATED]) {
      // As typed, and as it travels in a search's address (%-encoded, or + for spaces).
      for (const form of [question, encodeURIComponent(question), new URLSearchParams({ q: question }).toString().slice(2)]) {
        for (const { where, text } of kept) expect(text.includes(form), `"${form}" in ${where}`).toBe(false);
      }
    }
  });
});
