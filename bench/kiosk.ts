/**
 * `npm run bench -- kiosk`: builds the screens, then for each page prints
 *   - the JavaScript it loads at start, gzip-compressed, against the aim of ≤ 200 KB;
 *   - its time to interactive in headless Chromium on localhost against a real hub, against the
 *     aim of ≤ 1 s, and as a multiple of the limit: an empty page served over HTTP in the same
 *     browser, measured in the same run.
 * Time to interactive = the later of (a) the page's first usable element appearing and (b) the end
 * of the last long task (> 50 ms on the main thread) before the page settles. Every run is a first
 * visit (a new browser context: empty cache). Median of --runs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { loadHubConfig } from '../hub/config.ts';
import { startHub, type RunningHub } from '../hub/hub.ts';
import { createLogger } from '../hub/logger.ts';
import { buildUi } from '../kiosk-ui/build/build-ui.ts';
import { UI_DIST_DIR, UI_PAGES, type UiPage } from '../kiosk-ui/pages.ts';
import { pageWeight } from './kiosk-size.ts';
import { fmt, numericFlags, percentile, round, tempDir } from './lib.ts';

const AIM_JS_GZIP_BYTES = 200 * 1024;
const AIM_TTI_MS = 1000;
const SETTLE_MS = 500;
const DEFAULTS = { runs: 5 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The element that means "the customer can use this page now". */
const READY: Record<UiPage, string> = {
  kiosk: '[data-testid="tile-ticket"]',
  display: '.waiting-item',
  counter: 'input[name="username"]',
  ticket: '[data-testid="ticket-number"]',
  privacy: '.privacy-notice',
  floor: 'input[name="username"]',
  staff: 'input[name="username"]',
  hq: 'input[name="username"]',
};

/** Records, inside the page, when the ready element first appears and when long tasks end. */
const PROBE = (selector: string) => `
  window.__tp = { readyAt: null, longTaskEnd: 0 };
  new PerformanceObserver((list) => { for (const t of list.getEntries()) window.__tp.longTaskEnd = Math.max(window.__tp.longTaskEnd, t.startTime + t.duration); })
    .observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => { if (document.querySelector(${JSON.stringify(selector)})) { window.__tp.readyAt = performance.now(); observer.disconnect(); } })
    .observe(document, { childList: true, subtree: true });
`;

const out = (line = '') => process.stdout.write(line + '\n');

async function timeToInteractive(browser: Browser, url: string, selector: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(PROBE(selector));
    await page.goto(url);
    await page.waitForSelector(selector, { timeout: 15_000 });
    await page.waitForTimeout(SETTLE_MS);
    const probe = (await page.evaluate('window.__tp')) as { readyAt: number | null; longTaskEnd: number };
    if (probe.readyAt === null) throw new Error(`${url}: ${selector} appeared but was not seen by the probe`);
    return Math.max(probe.readyAt, probe.longTaskEnd);
  } finally {
    await context.close();
  }
}

/** The limit: an empty page from a plain HTTP server, in the same browser. */
async function emptyPageMs(browser: Browser, runs: number): Promise<number> {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>empty</title><main id="ready">ready</main>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const times: number[] = [];
    for (let run = 0; run < runs; run++) times.push(await timeToInteractive(browser, url, '#ready'));
    return percentile(times.sort((a, b) => a - b), 50);
  } finally {
    server.close();
  }
}

async function pageUrl(hub: RunningHub, page: UiPage): Promise<string> {
  if (page === 'kiosk') return `${hub.httpUrl}/kiosk/?kiosk=kiosk-1`;
  if (page !== 'ticket') return `${hub.httpUrl}/${page}/`;
  const issued = await hub.api.inject({ method: 'POST', url: '/api/v1/queue/tickets', payload: { serviceId: 'teller', language: 'en' } });
  return new URL(issued.json<{ url: string }>().url, hub.httpUrl).toString();
}

export async function runKioskBench(args: string[]): Promise<number> {
  const { runs } = numericFlags(args, DEFAULTS);
  const distDir = path.resolve(import.meta.dirname, '..', UI_DIST_DIR);
  out(`kiosk bench — ${os.cpus().length} cores, node ${process.version}, ${runs} first visits per page`);
  out('building the screens ...');
  await buildUi();

  const tmp = tempDir('tp-bench-kiosk-');
  let hub: RunningHub | null = null;
  let browser: Browser | null = null;
  try {
    hub = await startHub(loadHubConfig({ ...process.env, PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: tmp.dir, TP_DEMO_EDGE: '0' }), createLogger('warn'));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    const limitMs = await emptyPageMs(browser, runs);
    out(`limit: an empty page over HTTP in this browser, ${fmt(limitMs)} ms to interactive (median)`);
    out();
    out(`page      JS gzip   × aim (≤ ${AIM_JS_GZIP_BYTES / 1024} KB)   CSS gzip   interactive (median, max)   × aim (≤ ${AIM_TTI_MS} ms)   × limit`);
    const results = [];
    for (const page of UI_PAGES) {
      const weight = pageWeight(distDir, page);
      const url = await pageUrl(hub, page);
      const times: number[] = [];
      for (let run = 0; run < runs; run++) times.push(await timeToInteractive(browser, url, READY[page]));
      times.sort((a, b) => a - b);
      const medianMs = percentile(times, 50);
      const result = {
        page,
        jsGzipKB: round(weight.jsGzipBytes / 1024, 1),
        jsRatioToAim: round(weight.jsGzipBytes / AIM_JS_GZIP_BYTES, 2),
        cssGzipKB: round(weight.cssGzipBytes / 1024, 1),
        ttiMedianMs: Math.round(medianMs),
        ttiMaxMs: Math.round(times.at(-1)!),
        ttiRatioToAim: round(medianMs / AIM_TTI_MS, 2),
        ttiRatioToLimit: round(medianMs / limitMs, 1),
      };
      results.push(result);
      const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
      out(
        `${page.padEnd(8)} ${`${fmt(result.jsGzipKB, 1)} KB`.padStart(9)}   ${fmt(result.jsRatioToAim, 2)} (${met(result.jsRatioToAim <= 1)})`.padEnd(42) +
          `${`${fmt(result.cssGzipKB, 1)} KB`.padStart(8)}   ${`${fmt(result.ttiMedianMs)} ms, ${fmt(result.ttiMaxMs)} ms`.padStart(18)}`.padEnd(41) +
          `${fmt(result.ttiRatioToAim, 2)} (${met(result.ttiRatioToAim <= 1)})`.padEnd(20) +
          `${fmt(result.ttiRatioToLimit, 1)}`,
      );
    }
    out();
    out(JSON.stringify({ bench: 'kiosk', cores: os.cpus().length, runs, limitMs: Math.round(limitMs), aims: { jsGzipKB: AIM_JS_GZIP_BYTES / 1024, ttiMs: AIM_TTI_MS }, pages: results }));
    return 0;
  } finally {
    await browser?.close();
    await hub?.stop();
    tmp.remove();
  }
}
