/**
 * Real Chromium for the screen tests: Debian's `/usr/bin/chromium` driven by playwright-core,
 * and the screens built from the current sources (built once, by whichever test gets there
 * first; the others wait for it).
 */
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildUi, uiBuildIsCurrent } from '../../kiosk-ui/build/build-ui.ts';
import { until } from './until.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** No network beyond localhost: no QUIC, no background or component downloads, no sync. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Playwright starts Chromium headless with a fresh temporary profile (--user-data-dir) and removes it on close. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) return Promise.reject(new Error(`the screen tests need Debian's Chromium at ${CHROMIUM}: apt-get install chromium`));
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

const BUILD_LOCK = path.join(tmpdir(), `tp-ui-build-${Buffer.from(path.resolve(import.meta.dirname)).toString('hex').slice(-32)}.lock`);
/** A lock older than this was left by a test process that died mid-build. */
const STALE_LOCK_MS = 5 * 60_000;

/** Builds kiosk-ui/dist unless it is already built from the current sources. */
export async function ensureUiBuilt(): Promise<void> {
  for (;;) {
    if (uiBuildIsCurrent()) return;
    try {
      mkdirSync(BUILD_LOCK);
    } catch {
      if (Date.now() - statSync(BUILD_LOCK, { throwIfNoEntry: false })!.mtimeMs > STALE_LOCK_MS) rmdirSync(BUILD_LOCK);
      await until('the screens to be built by another test', () => !existsSync(BUILD_LOCK), 180_000, 200);
      continue;
    }
    try {
      if (!uiBuildIsCurrent()) await buildUi();
      return;
    } finally {
      rmdirSync(BUILD_LOCK);
    }
  }
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and console errors the page produced so far. */
  errors: string[];
}

/**
 * A page in its own browser context (its own storage, like a separate device), with the
 * browser's language set to `locale` and, if given, its time zone.
 */
export async function openPage(browser: Browser, options: { locale?: string; timezoneId?: string } = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: { width: 1280, height: 900 },
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { page, context, errors };
}
