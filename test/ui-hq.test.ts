/**
 * The HQ reports page (`/hq/`) in real Chromium against a real hub (HUB_ROLE branch+hq) whose HQ
 * part stored three branches' hourly summaries (test/helpers/hq-fixtures.ts: two regions, three
 * days, teller and fx, one branch with enough answers for its scores and one without, a fall).
 * The HQ analyst signs in and sees the branches ranked by the chosen KPI with the too-few-answers
 * score hidden; the filter bar (region, service, dates) shows exactly the rows the API answers
 * for the same filters, kept in the URL across a reload; a branch opens with the figures of its
 * own report, including what its customers asked the kiosks' self-help, and "all branches" goes
 * back; the downloaded CSV holds the API's rows, in the page's filters and order; and the page
 * speaks Chinese with the branches' Chinese names.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HqBranchDetail, HqRanking } from '../hub/hq/hq-types.ts';
import { RANKING_CSV_HEADER } from '../hub/hq/ranking-csv.ts';
import { ensureUiBuilt, launchChromium, openPage, type OpenedPage } from './helpers/browser.ts';
import { feedHq, HQ_BRANCHES, HQ_NOW, HQ_PERIOD } from './helpers/hq-fixtures.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock } from './helpers/queue-api.ts';

/** A real browser on a shared 2-core machine: generous, and still a bound. */
const BROWSER_TEST_MS = 60_000;
/** How long the page may take to show a report after a filter changed. */
const SETTLED = { timeout: 15_000 };
const PERIOD = `from=${HQ_PERIOD.from}&to=${HQ_PERIOD.to}`;

const clock = new FakeClock(HQ_NOW);
let hub: TestHub;
let browser: Browser;
let analyst: string;
let opened: OpenedPage[] = [];

beforeAll(async () => {
  await ensureUiBuilt();
  browser = await launchChromium();
  hub = await startTestHub({ HUB_ROLE: 'branch+hq' }, { now: clock.now });
  await feedHq(hub);
  const signedIn = await hub.inject('POST', '/api/v1/auth/login', { token: null, body: { username: 'hq-analyst', password: 'touchpoint-hq' } });
  analyst = signedIn.body!.token;
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});
afterEach(async () => {
  const errors = opened.flatMap((page) => page.errors);
  await Promise.all(opened.map((page) => page.context.close()));
  opened = [];
  expect(errors).toEqual([]);
});

/** What the hub's HQ API answers the analyst. */
async function hqApi(path: string): Promise<{ body: any; text: string }> {
  const answer = await hub.inject('GET', `/api/v1/hq/${path}`, { token: analyst });
  expect(answer.status, `GET /hq/${path}: ${answer.text}`).toBe(200);
  return answer;
}
const rankingOf = async (query: string): Promise<HqRanking> => (await hqApi(`ranking?${query}`)).body;
const ids = (ranking: HqRanking) => ranking.rows.map((row) => row.branch.id);

async function openHq(query: string): Promise<Page> {
  const page = await openPage(browser, { locale: 'en-US' });
  opened.push(page);
  // The analyst's computer agrees with the hub on the time: both check when the login expires.
  await page.page.clock.setFixedTime(clock.now());
  await page.page.goto(`${hub.httpUrl}/hq/?${query}`);
  return page.page;
}

async function signInAsAnalyst(page: Page, button = 'Sign in'): Promise<void> {
  await page.locator('input[name="username"]').fill('hq-analyst');
  await page.locator('input[name="password"]').fill('touchpoint-hq');
  await page.getByRole('button', { name: button }).click();
  await page.getByTestId('ranking').waitFor();
}

/** en-US, as the page writes them. */
const percent = (rate: number | null) => (rate === null ? '—' : new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(rate));

interface ShownRow {
  branch: string | null;
  rank: string | null;
  issued: string | null;
  serviceLevel: string | null;
}

/** The ranking's rows as the page shows them, top to bottom. */
const shownRows = (page: Page): Promise<ShownRow[]> =>
  page.locator('[data-testid="ranking"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      branch: row.getAttribute('data-branch'),
      rank: row.querySelector('.rank-cell')!.textContent,
      issued: row.querySelector('[data-column="issued"] .kpi-value')!.textContent,
      serviceLevel: row.querySelector('[data-column="serviceLevel"] .kpi-value')!.textContent,
    })),
  );

/** The rows the page should show for an API ranking. */
const rowsOf = (ranking: HqRanking): ShownRow[] =>
  ranking.rows.map((row) => ({ branch: row.branch.id, rank: String(row.rank), issued: String(row.kpis.issued), serviceLevel: percent(row.kpis.serviceLevel) }));

/** The filter bar (the charts' labels say "Service level" too). */
const filterBar = (page: Page) => page.getByTestId('filters');
const filtersInUrl = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

describe('the HQ reports page', { timeout: BROWSER_TEST_MS }, () => {
  it('ranks the branches for the HQ analyst by the chosen KPI, hiding a score with too few answers', async () => {
    const page = await openHq(PERIOD);
    await signInAsAnalyst(page);
    await page.getByRole('heading', { name: 'Branch ranking' }).waitFor();

    // Service level: Beijing 3 of 3, Shanghai 6 of 8, Hangzhou 1 of 3 within the target.
    const bySl = await rankingOf(PERIOD);
    expect(ids(bySl)).toEqual(['bj-chaoyang', 'sh-pudong', 'hz-xihu']);
    expect(await shownRows(page)).toEqual(rowsOf(bySl));
    expect(await shownRows(page)).toEqual([
      { branch: 'bj-chaoyang', rank: '1', issued: '3', serviceLevel: '100%' },
      { branch: 'sh-pudong', rank: '2', issued: '8', serviceLevel: '75%' },
      { branch: 'hz-xihu', rank: '3', issued: '3', serviceLevel: '33.3%' },
    ]);
    expect(await page.getByTestId('row-total').locator('[data-column="issued"] .kpi-value').textContent()).toBe(String(bySl.total.issued));
    expect(await page.getByTestId('ranking').getByRole('columnheader', { name: 'Service level' }).getAttribute('aria-sort')).toBe('descending');

    // Shanghai's 36 answers show its NPS; Hangzhou's 12 hide it, saying how many there were.
    const [sh, hz] = [bySl.rows[1]!, bySl.rows[2]!];
    expect(sh.kpis.nps).toEqual({ responses: 36, score: 55.6, suppressed: false });
    expect(hz.kpis.nps).toEqual({ responses: 12, score: null, suppressed: true });
    const shNps = page.getByTestId('row-sh-pudong').locator('[data-column="nps"]');
    expect(await shNps.locator('[data-score]').getAttribute('data-score')).toBe('shown');
    expect(await shNps.locator('.kpi-value').textContent()).toBe('+55.6');
    expect(await shNps.locator('.kpi-note').textContent()).toBe('n = 36');
    const hzNps = page.getByTestId('row-hz-xihu').locator('[data-column="nps"]');
    expect(await hzNps.locator('[data-score]').getAttribute('data-score')).toBe('suppressed');
    expect(await hzNps.locator('.kpi-value').textContent()).toBe('—');
    expect(await hzNps.locator('.kpi-suppressed').textContent()).toBe('n = 12 < 30');
    expect(await hzNps.locator('.kpi-suppressed').getAttribute('title')).toBe('12 answers: fewer than 30, so the score is hidden');
    expect(await page.getByTestId('row-hz-xihu').locator('[data-column="incidents"] .kpi-value').textContent()).toBe('1');

    // Ranked by average wait (shortest first) the order changes, as the hub ranks it.
    const byWait = await rankingOf(`${PERIOD}&sort=waitAvgS`);
    expect(ids(byWait)).toEqual(['bj-chaoyang', 'hz-xihu', 'sh-pudong']);
    await page.getByTestId('ranking').getByRole('button', { name: 'Avg wait', exact: true }).click();
    await expect.poll(() => shownRows(page), SETTLED).toEqual(rowsOf(byWait));
    expect(await page.getByTestId('ranking').getByRole('columnheader', { name: 'Avg wait', exact: true }).getAttribute('aria-sort')).toBe('ascending');
    expect(filtersInUrl(page)).toEqual({ ...HQ_PERIOD, sort: 'waitAvgS' });
  });

  it('shows exactly the rows the API answers for the region, service and dates chosen, kept in the URL', async () => {
    const page = await openHq(PERIOD);
    await signInAsAnalyst(page);
    const all = await rankingOf(PERIOD);
    await expect.poll(() => shownRows(page), SETTLED).toEqual(rowsOf(all));

    const east = await rankingOf(`${PERIOD}&region=east`);
    expect(ids(east)).toEqual(['sh-pudong', 'hz-xihu']);
    await filterBar(page).getByLabel('Region').selectOption('east');
    await expect.poll(() => shownRows(page), SETTLED).toEqual(rowsOf(east));
    expect(filtersInUrl(page)).toEqual({ ...HQ_PERIOD, region: 'east' });

    // Only fx: the same branches, with their fx tickets only (Hangzhou has none).
    const eastFx = await rankingOf(`${PERIOD}&region=east&serviceId=fx`);
    expect(eastFx.rows.map((row) => [row.branch.id, row.kpis.issued, row.kpis.serviceLevel])).toEqual([['sh-pudong', 3, 0.6667], ['hz-xihu', 0, null]]);
    const service = filterBar(page).getByLabel('Service');
    await service.fill('fx');
    await service.press('Enter');
    await expect.poll(() => shownRows(page), SETTLED).toEqual(rowsOf(eastFx));
    expect(filtersInUrl(page)).toEqual({ ...HQ_PERIOD, region: 'east', serviceId: 'fx' });

    // Monday only: Hangzhou has no day in it.
    const monday = { from: '2026-03-02', to: '2026-03-02' };
    const mondayQuery = `from=${monday.from}&to=${monday.to}&region=east&serviceId=fx`;
    const eastFxMonday = await rankingOf(mondayQuery);
    expect(eastFxMonday.rows.map((row) => [row.branch.id, row.kpis.issued])).toEqual([['sh-pudong', 1]]);
    await filterBar(page).getByLabel('To', { exact: true }).fill(monday.to);
    await expect.poll(() => shownRows(page), SETTLED).toEqual(rowsOf(eastFxMonday));
    expect(filtersInUrl(page)).toEqual({ ...monday, region: 'east', serviceId: 'fx' });
    expect(await page.getByTestId('period').textContent()).toContain('Mar 2, 2026 – Mar 2, 2026');

    // A reload opens the same view, still signed in.
    await page.reload();
    await page.getByTestId('ranking').waitFor();
    await expect.poll(() => shownRows(page), SETTLED).toEqual(rowsOf(eastFxMonday));
    expect(await filterBar(page).getByLabel('Region').inputValue()).toBe('east');
    expect(await filterBar(page).getByLabel('Service').inputValue()).toBe('fx');
    expect(await filterBar(page).getByLabel('From', { exact: true }).inputValue()).toBe(monday.from);
    expect(await filterBar(page).getByLabel('To', { exact: true }).inputValue()).toBe(monday.to);

    // All regions again: Beijing comes back, with its fx ticket of Monday.
    const allFxMonday = await rankingOf(`from=${monday.from}&to=${monday.to}&serviceId=fx`);
    expect(ids(allFxMonday)).toEqual(['bj-chaoyang', 'sh-pudong']);
    await filterBar(page).getByLabel('Region').selectOption('');
    await expect.poll(() => shownRows(page), SETTLED).toEqual(rowsOf(allFxMonday));
    expect(filtersInUrl(page)).toEqual({ ...monday, serviceId: 'fx' });
  });

  it('opens a branch with the figures of its own report, and goes back to all branches', async () => {
    const page = await openHq(PERIOD);
    await signInAsAnalyst(page);

    await page.getByRole('link', { name: 'Hangzhou West Lake' }).click();
    const view = page.getByTestId('branch-view');
    await expect.poll(() => view.getAttribute('data-branch'), SETTLED).toBe('hz-xihu');
    expect(await view.getByTestId('branch-name').textContent()).toBe('Hangzhou West Lake');
    expect(filtersInUrl(page)).toEqual({ ...HQ_PERIOD, branch: 'hz-xihu' });
    const hz: HqBranchDetail = (await hqApi(`branches/hz-xihu/kpis?${PERIOD}`)).body;
    expect(hz.kpis.tickets).toMatchObject({ issued: 3, serviceLevel: 0.3333 });
    expect(hz.kpis.distress).toEqual({ fall: 1 });
    const figure = (name: string) => view.getByTestId('branch-figures').locator(`[data-figure="${name}"] dd`).textContent();
    await expect.poll(() => figure('issued'), SETTLED).toBe(String(hz.kpis.tickets.issued));
    expect(await figure('serviceLevel')).toBe(percent(hz.kpis.tickets.serviceLevel));
    expect(await figure('incidents')).toBe('1');
    const hzNps = view.getByTestId('branch-feedback').locator('[data-figure="nps"]');
    expect(await hzNps.locator('[data-score]').getAttribute('data-score')).toBe('suppressed');
    expect(await hzNps.locator('.kpi-suppressed').getAttribute('title')).toBe(`${hz.kpis.feedback.nps.responses} answers: fewer than 30, so the score is hidden`);

    await view.getByTestId('back-to-all').click();
    await page.getByTestId('ranking').waitFor();
    expect(await view.count()).toBe(0);
    expect(filtersInUrl(page)).toEqual(HQ_PERIOD);

    // Shanghai: its services one by one, and its NPS from 36 answers.
    await page.getByRole('link', { name: 'Shanghai Pudong' }).click();
    await expect.poll(() => view.getAttribute('data-branch'), SETTLED).toBe('sh-pudong');
    const sh: HqBranchDetail = (await hqApi(`branches/sh-pudong/kpis?${PERIOD}`)).body;
    await expect.poll(() => figure('issued'), SETTLED).toBe(String(sh.kpis.tickets.issued));
    expect(await figure('serviceLevel')).toBe(percent(sh.kpis.tickets.serviceLevel));
    expect(await view.getByTestId('branch-feedback').locator('[data-figure="nps"] .kpi-value').textContent()).toBe(`+${sh.kpis.feedback.nps.score}`);
    const services = await view.getByTestId('by-service').locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute('data-service'), row.querySelector('td')!.textContent]));
    expect(services).toEqual([['teller', '5'], ['fx', '3']]);
    expect(Object.fromEntries(Object.entries(sh.kpis.byService).map(([id, service]) => [id, String(service.issued)]))).toEqual(Object.fromEntries(services));
    // What its customers asked the kiosks, most asked first: never the questions, the needs understood.
    expect(sh.kpis.kiosk.selfHelp).toMatchObject({ sessions: 6, sureRate: 0.6667, helpedRate: 0.5, handedOverRate: 0.3333 });
    const selfHelp = view.getByTestId('self-help-needs');
    const cells = (rows: Element[]) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(await selfHelp.locator('tbody tr').evaluateAll(cells)).toEqual([
      ['Card not arrived', '4', '75%', '75%', '25%'],
      ['Exchange rates', '1', '0%', '0%', '0%'],
      ['Lost or stolen card', '1', '100%', '0%', '100%'],
    ]);
    expect(await selfHelp.locator('tfoot tr').evaluateAll(cells)).toEqual([['All needs', '6', percent(0.6667), '50%', percent(0.3333)]]);

    // The browser's Back returns to all branches too.
    await page.goBack();
    await page.getByTestId('ranking').waitFor();
    expect(await view.count()).toBe(0);
    expect(filtersInUrl(page)).toEqual(HQ_PERIOD);
  });

  it('downloads the ranking as CSV with the API’s rows, for the page’s filters and order', async () => {
    const page = await openHq(PERIOD);
    await signInAsAnalyst(page);

    /** Clicks the export, and reads the file the browser saved: its name, and its rows split into cells. */
    async function download(): Promise<{ name: string; text: string; rows: string[][] }> {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      const text = await readFile((await file.path())!, 'utf8');
      expect(text.startsWith('\uFEFF'), 'a byte-order mark, for spreadsheets').toBe(true);
      const [header, ...lines] = text.slice(1).trimEnd().split('\r\n');
      expect(header).toBe(RANKING_CSV_HEADER.join(','));
      // No quoted fields in these rows (no commas in the names), so a plain split is exact.
      for (const line of lines) expect(line).not.toContain('"');
      return { name: file.suggestedFilename(), text, rows: lines.map((line) => line.split(',')) };
    }
    const cell = (row: string[], column: string) => row[RANKING_CSV_HEADER.indexOf(column)];
    /** The CSV rows hold the API ranking's rows, in its order and with its values. */
    async function expectRowsOf(csv: { text: string; rows: string[][] }, query: string) {
      expect(csv.text).toBe((await hqApi(`ranking.csv?${query}`)).text);
      const json = await rankingOf(query);
      expect(csv.rows.map((row) => [cell(row, 'rank'), cell(row, 'branchId'), cell(row, 'issued'), cell(row, 'serviceLevel'), cell(row, 'npsResponses')]))
        .toEqual(json.rows.map((row) => [String(row.rank), row.branch.id, String(row.kpis.issued), String(row.kpis.serviceLevel ?? ''), String(row.kpis.nps.responses)]));
    }

    const all = await download();
    expect(all.name).toBe(`touchpoint-hq-ranking-${HQ_PERIOD.from}-${HQ_PERIOD.to}.csv`);
    expect(all.rows.map((row) => [cell(row, 'branchId'), cell(row, 'issued'), cell(row, 'serviceLevel'), cell(row, 'nps')]))
      .toEqual([['bj-chaoyang', '3', '1', ''], ['sh-pudong', '8', '0.75', '55.6'], ['hz-xihu', '3', '0.3333', '']]);
    await expectRowsOf(all, PERIOD);

    // Ranked by average wait on the page: the file follows.
    await page.getByTestId('ranking').getByRole('button', { name: 'Avg wait', exact: true }).click();
    await expect.poll(() => filtersInUrl(page).sort).toBe('waitAvgS');
    const byWait = await download();
    expect(byWait.rows.map((row) => cell(row, 'branchId'))).toEqual(['bj-chaoyang', 'hz-xihu', 'sh-pudong']);
    await expectRowsOf(byWait, `${PERIOD}&sort=waitAvgS`);

    // One region and one service: only its branch, with its fx ticket.
    await filterBar(page).getByLabel('Region').selectOption('north');
    const service = filterBar(page).getByLabel('Service');
    await service.fill('fx');
    await service.press('Enter');
    await expect.poll(() => filtersInUrl(page), SETTLED).toEqual({ ...HQ_PERIOD, sort: 'waitAvgS', region: 'north', serviceId: 'fx' });
    const northFx = await download();
    expect(northFx.rows.map((row) => [cell(row, 'branchId'), cell(row, 'issued')])).toEqual([['bj-chaoyang', '1']]);
    await expectRowsOf(northFx, `${PERIOD}&region=north&serviceId=fx&sort=waitAvgS`);
  });

  it('speaks Chinese, with the branches’ Chinese names', async () => {
    const page = await openHq(`lang=zh-CN&${PERIOD}`);
    await page.getByRole('heading', { name: '员工登录' }).waitFor();
    await signInAsAnalyst(page, '登录');

    await page.getByRole('heading', { name: '总行客户体验报告' }).waitFor();
    await page.getByRole('heading', { name: '网点排名' }).waitFor();
    await page.getByTestId('ranking').getByRole('columnheader', { name: '服务达标率' }).waitFor();
    expect(await filterBar(page).getByLabel('区域').inputValue()).toBe('');
    await page.getByRole('button', { name: '下载 CSV' }).waitFor();
    const names = await page.locator('[data-testid="ranking"] tbody th a').allTextContents();
    expect(names).toEqual((['bj-chaoyang', 'sh-pudong', 'hz-xihu'] as const).map((id) => HQ_BRANCHES[id].nameZh));
    expect(names).toEqual(['北京朝阳支行', '上海浦东支行', '杭州西湖支行']);
    expect(await page.getByTestId('row-hz-xihu').locator('[data-column="nps"] .kpi-suppressed').textContent()).toBe('12份，不足30');
    expect(await page.getByTestId('row-sh-pudong').locator('[data-column="nps"] .kpi-note').textContent()).toBe('36份');

    await page.getByRole('link', { name: '上海浦东支行' }).click();
    await expect.poll(() => page.getByTestId('branch-name').textContent(), SETTLED).toBe('上海浦东支行');
    await page.getByRole('heading', { name: '客户反馈' }).waitFor();
    await page.getByRole('heading', { name: '客户在自助机上问了什么' }).waitFor();
    expect(await page.getByTestId('self-help-needs').locator('tbody th').allTextContents()).toEqual(['卡片未收到', '汇率咨询', '卡片丢失或被盗']);
    await page.getByRole('link', { name: '← 全部网点' }).click();
    await page.getByRole('heading', { name: '网点排名' }).waitFor();
    expect(filtersInUrl(page)).toEqual({ lang: 'zh-CN', ...HQ_PERIOD });
  });
});
