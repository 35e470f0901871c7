/**
 * A customer stuck at the real kiosk page (Chromium) is noticed by the real edge node that
 * analyses the kiosk's telemetry, and the hub gets exactly one kiosk-friction for the episode,
 * however long the customer keeps going back and forth, then one tp.kiosk.session for it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../edge/config.ts';
import { createLogger } from '../edge/logger.ts';
import { startEdgeNode, type EdgeNode } from '../edge/node.ts';
import { ensureUiBuilt, launchChromium, openPage, type OpenedPage } from './helpers/browser.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { freePort } from './helpers/mosquitto.ts';
import { tempDir } from './helpers/temp-dir.ts';

const NODE_ID = 'kiosk-edge';
let hub: TestHub;
let node: EdgeNode | undefined;
let browser: Browser;
let opened: OpenedPage | undefined;
const dir = tempDir('tp-kiosk-friction-');

beforeAll(async () => {
  await ensureUiBuilt();
  // The hub tells the kiosk page where its edge node listens, so that port is chosen first.
  const telemetryPort = await freePort();
  const branch = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json'), 'utf8'));
  branch.kiosks = [{ id: 'kiosk-1', nameEn: 'Lobby kiosk', nameZh: '大堂自助机', zoneId: 'kiosk-area', telemetryUrl: `http://{host}:${telemetryPort}`, idleWarnS: 120, idleResetS: 30 }];
  const configFile = path.join(dir.path, 'branch.json');
  writeFileSync(configFile, JSON.stringify(branch));
  hub = await startTestHub({ TP_BRANCH_CONFIG: configFile });

  const registered = await (await hub.request('/api/v1/devices', { method: 'POST', json: { kind: 'edge', sourceId: NODE_ID, name: 'Kiosk analyser' } })).json();
  node = await startEdgeNode(parseEdgeConfig({
    branchId: 'b001',
    nodeId: NODE_ID,
    broker: { url: hub.mqttUrl, username: registered.mqtt.username, password: registered.mqtt.password },
    dataDir: path.join(dir.path, 'edge'),
    kiosks: [{ id: 'kiosk-1', zoneId: 'kiosk-area' }],
    kioskTelemetry: { host: '127.0.0.1', port: telemetryPort },
  }), createLogger('warn'));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await opened?.context.close();
  await browser?.close();
  await node?.stop();
  await hub?.close();
  dir.remove();
});

async function storedEvents(type: string): Promise<{ data: Record<string, unknown> }[]> {
  const page = await (await hub.request(`/api/v1/events?type=${type}&sourceId=${NODE_ID}&limit=100`)).json();
  return page.items;
}

/** Into "book an appointment" and back out again, as someone who cannot find what they need. */
async function backAndForth(kiosk: Page): Promise<void> {
  await kiosk.getByTestId('book').click();
  await kiosk.getByRole('button', { name: 'Back' }).click();
  await kiosk.getByTestId('book').waitFor();
}

describe('a customer stuck at the kiosk', { timeout: 90_000 }, () => {
  it('raises exactly one kiosk-friction at the hub for the episode', async () => {
    opened = await openPage(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    const kiosk = opened.page;
    await kiosk.goto(`${hub.httpUrl}/kiosk/?kiosk=kiosk-1`);
    await kiosk.getByTestId('tile-appointment').click();
    for (let round = 0; round < 3; round++) await backAndForth(kiosk);

    await expect.poll(() => storedEvents('tp.distress.detected'), { timeout: 20_000 }).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ kind: 'kiosk-friction', zoneId: 'kiosk-area' }) }),
    ]);

    // Still stuck, then gives up: the session ends, and its event comes after any friction
    // through the node's ordered outbox, so by then a second friction would have arrived.
    for (let round = 0; round < 3; round++) await backAndForth(kiosk);
    await kiosk.getByRole('button', { name: 'Home' }).click();
    await expect.poll(() => storedEvents('tp.kiosk.session'), { timeout: 20_000 }).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ kioskId: 'kiosk-1', task: 'appointment', outcome: 'abandoned' }) }),
    ]);
    expect(await storedEvents('tp.distress.detected')).toHaveLength(1);
    expect(opened.errors).toEqual([]);
  });
});
