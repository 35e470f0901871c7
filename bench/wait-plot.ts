/**
 * Draws how good the wait predictions were as one standalone SVG. Each served ticket is a dot at
 * (predicted, actual) wait, with its predicted range as a faint vertical line. The diagonal is a
 * perfect prediction. A step line shows the median actual wait for each bin of predicted wait,
 * over a band from the 10th to the 90th percentile, so a bias shows at a glance. Customers who
 * gave up have no actual wait, only a lower bound, so they are hollow "waited at least" marks.
 * The function is pure: tickets in, SVG text out. The file has no fonts or scripts of its own.
 */
import { fmt, percentile, round } from './lib.ts';
import { scoreWaits, type ScoredTicket } from './wait-metrics.ts';

export interface WaitPlotOptions {
  title: string;
  /** The most served dots drawn. A larger input is thinned to every k-th ticket. */
  maxPoints?: number;
}

const WIDTH = 900;
const HEIGHT = 600;
/** The plot is square, so a minute has the same length on both axes and the diagonal is at 45°. */
const PLOT = { left: 80, top: 100, size: 430 };
const LEGEND_X = 570;
const DEFAULT_MAX_POINTS = 3000;
const BIN_COUNT = 20;
/** With fewer actual waits than this, a bin's percentiles are noise, so the bin is left blank. */
const MIN_PER_BIN = 5;
/** Services past the six most served share one grey: more hues could not be told apart. */
const SERVICE_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const OTHER_COLOUR = '#7f7f7f';

interface Axis {
  /** The axis end, minutes. Both axes use it. */
  max: number;
  tick: number;
  x(min: number): number;
  y(min: number): number;
}

interface ServiceGroup { label: string; colour: string; served: ScoredTicket[] }

export function waitPlotSvg(tickets: readonly ScoredTicket[], options: WaitPlotOptions): string {
  const served = tickets.filter((t) => t.waitedS !== null);
  const gaveUp = tickets.filter((t) => t.waitedS === null && t.leftAfterS !== null);
  const title = text(24, 34, options.title, 'font-size="18" font-weight="bold"');
  if (served.length === 0) {
    const note = `no served tickets${gaveUp.length > 0 ? ` (${fmt(gaveUp.length)} gave up)` : ''}`;
    return svg([title, text(WIDTH / 2, HEIGHT / 2, note, 'font-size="16" text-anchor="middle"')]);
  }
  const axis = axisFor(served);
  // Thinning keeps every k-th ticket in input order, so the same input always gives the same picture.
  const every = Math.max(1, Math.ceil(served.length / Math.max(1, Math.floor(options.maxPoints ?? DEFAULT_MAX_POINTS))));
  const drawn = served.filter((_, i) => i % every === 0);
  const drawnGaveUp = gaveUp.filter((_, i) => i % every === 0);
  const outside = (t: ScoredTicket, actualS: number) => Math.max(t.expectedS, actualS) / 60 > axis.max;
  const beyond = drawn.filter((t) => outside(t, t.waitedS!)).length + drawnGaveUp.filter((t) => outside(t, t.leftAfterS!)).length;
  const groups = serviceGroups(drawn);
  const score = scoreWaits(tickets);
  const bins = calibration(served, axis);
  const sampling = every === 1
    ? `all ${fmt(served.length)} served tickets drawn`
    : `every ${ordinal(every)} of ${fmt(served.length)} served tickets drawn; the bin lines use all of them`;
  return svg([
    title,
    text(24, 58, `${fmt(score.served)} served · mean absolute error ${fmt(score.maeMin, 1)} min · ${fmt(score.inside * 100, 1)} % of actual waits inside the predicted range`, 'font-size="13"'),
    text(24, 78, sampling, 'font-size="12" fill="#555"'),
    axes(axis),
    bins.band,
    path(drawn.map((t) => `M${n(axis.x(t.expectedS / 60))} ${n(axis.y(t.lowS / 60))}V${n(axis.y(t.highS / 60))}`), 'fill="none" stroke="#888" stroke-width="0.8" stroke-opacity="0.15"'),
    line(axis.x(0), axis.y(0), axis.x(axis.max), axis.y(axis.max), 'stroke="#333" stroke-width="1.2" stroke-dasharray="6 4"'),
    ...groups.map((g) => `<g class="served" fill="${g.colour}" fill-opacity="0.45">${g.served.map((t) => circle(axis.x(t.expectedS / 60), axis.y(t.waitedS! / 60))).join('')}</g>`),
    path(drawnGaveUp.map((t) => triangle(axis.x(t.expectedS / 60), axis.y(t.leftAfterS! / 60))), 'class="gave-up" fill="none" stroke="#555" stroke-width="0.8" stroke-opacity="0.5"'),
    bins.median,
    legend(groups, gaveUp.length),
    beyond > 0 ? text(24, 592, `${fmt(beyond)} ${beyond === 1 ? 'point' : 'points'} beyond the axes drawn at the edge`, 'font-size="11" fill="#555"') : '',
  ]);
}

/**
 * The axes end at the 99th percentile of each served ticket's larger wait (predicted or actual),
 * rounded up to a tick. Then a few very long waits do not push everything else into a corner.
 */
function axisFor(served: readonly ScoredTicket[]): Axis {
  const extents = served.map((t) => Math.max(t.waitedS!, t.expectedS) / 60).sort((a, b) => a - b);
  const p99 = Math.max(percentile(extents, 99), 1);
  const tick = niceStep(p99 / 6);
  const max = Math.ceil(p99 / tick) * tick;
  const fraction = (min: number) => Math.min(Math.max(min, 0), max) / max;
  return { max, tick, x: (min) => PLOT.left + fraction(min) * PLOT.size, y: (min) => PLOT.top + PLOT.size - fraction(min) * PLOT.size };
}

/** The smallest 1, 2 or 5 × 10ⁿ that is at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].find((m) => m * power >= raw)! * power;
}

function axes(axis: Axis): string {
  const parts: string[] = [];
  const digits = axis.tick < 1 ? 1 : 0;
  for (let i = 0; i * axis.tick <= axis.max + 1e-9; i++) {
    const min = i * axis.tick;
    const x = axis.x(min);
    const y = axis.y(min);
    parts.push(line(x, PLOT.top, x, PLOT.top + PLOT.size, 'stroke="#eee"'), line(PLOT.left, y, PLOT.left + PLOT.size, y, 'stroke="#eee"'));
    parts.push(line(x, PLOT.top + PLOT.size, x, PLOT.top + PLOT.size + 5, 'stroke="#333"'), line(PLOT.left - 5, y, PLOT.left, y, 'stroke="#333"'));
    parts.push(text(x, PLOT.top + PLOT.size + 19, fmt(min, digits), 'font-size="11" text-anchor="middle"'));
    parts.push(text(PLOT.left - 9, y + 4, fmt(min, digits), 'font-size="11" text-anchor="end"'));
  }
  const bottom = PLOT.top + PLOT.size;
  parts.push(`<path d="M${PLOT.left} ${PLOT.top}V${bottom}H${PLOT.left + PLOT.size}" fill="none" stroke="#333"/>`);
  parts.push(text(PLOT.left + PLOT.size / 2, bottom + 42, 'predicted (expected) wait, min', 'font-size="13" text-anchor="middle"'));
  const middle = PLOT.top + PLOT.size / 2;
  parts.push(text(28, middle, 'actual wait, min', `font-size="13" text-anchor="middle" transform="rotate(-90 28 ${middle})"`));
  return parts.join('');
}

/**
 * The 10th–90th percentile band and the median step line of actual waits, in equal bins of
 * predicted wait along the axis. They use every served ticket, not only the drawn ones.
 * Predictions past the axis end are left out: one bin cannot stand for an open-ended range.
 * The two are returned apart so the median can be drawn over the dots and the band under them.
 */
function calibration(served: readonly ScoredTicket[], axis: Axis): { band: string; median: string } {
  const width = axis.max / BIN_COUNT;
  const bins: number[][] = Array.from({ length: BIN_COUNT }, () => []);
  for (const t of served) {
    const expectedMin = t.expectedS / 60;
    if (expectedMin <= axis.max) bins[Math.min(BIN_COUNT - 1, Math.floor(expectedMin / width))]!.push(t.waitedS! / 60);
  }
  const band: string[] = [];
  let median = '';
  let previous = -2;
  bins.forEach((actuals, i) => {
    if (actuals.length < MIN_PER_BIN) return;
    actuals.sort((a, b) => a - b);
    const [x0, x1] = [n(axis.x(i * width)), n(axis.x((i + 1) * width))];
    band.push(`M${x0} ${n(axis.y(percentile(actuals, 90)))}H${x1}V${n(axis.y(percentile(actuals, 10)))}H${x0}Z`);
    const y = n(axis.y(percentile(actuals, 50)));
    median += previous === i - 1 ? `V${y}H${x1}` : `M${x0} ${y}H${x1}`;
    previous = i;
  });
  return { band: path(band, 'class="band" fill="#000" fill-opacity="0.08"'), median: median ? `<path class="median" d="${median}" fill="none" stroke="#000" stroke-width="2"/>` : '' };
}

/** The drawn tickets by service: the six most served get their own colour, the rest are "other". */
function serviceGroups(drawn: readonly ScoredTicket[]): ServiceGroup[] {
  const byService = new Map<string, ScoredTicket[]>();
  for (const t of drawn) {
    let group = byService.get(t.serviceId);
    if (!group) byService.set(t.serviceId, (group = []));
    group.push(t);
  }
  const ranked = [...byService].sort((a, b) => b[1].length - a[1].length);
  const groups = ranked.slice(0, SERVICE_COLOURS.length).map(([id, served], i): ServiceGroup => ({ label: id, colour: SERVICE_COLOURS[i]!, served }));
  const rest = ranked.slice(SERVICE_COLOURS.length);
  if (rest.length > 0) groups.push({ label: `${rest.length} other services`, colour: OTHER_COLOUR, served: rest.flatMap(([, served]) => served) });
  return groups;
}

function legend(groups: readonly ServiceGroup[], gaveUp: number): string {
  const rows: Array<[icon: string, label: string]> = groups.map((g) => [`<circle cx="12" cy="0" r="3.5" fill="${g.colour}" fill-opacity="0.7"/>`, `served: ${g.label} (${fmt(g.served.length)} drawn)`]);
  rows.push(['<path d="M12 -9V9" stroke="#888" stroke-width="1.5"/>', 'predicted range (low to high)']);
  rows.push(['<path d="M0 0H24" stroke="#333" stroke-width="1.2" stroke-dasharray="6 4"/>', 'perfect prediction (actual = predicted)']);
  rows.push(['<path d="M0 0H24" stroke="#000" stroke-width="2"/>', 'median actual wait per bin of prediction']);
  rows.push(['<rect x="0" y="-7" width="24" height="14" fill="#000" fill-opacity="0.08"/>', '10th–90th percentile of actual per bin']);
  if (gaveUp > 0) rows.push([`<path d="${triangle(12, 0)}" fill="none" stroke="#555"/>`, `gave up: waited at least this long (${fmt(gaveUp)})`]);
  return rows.map(([icon, label], i) => `<g transform="translate(${LEGEND_X} ${PLOT.top + 10 + i * 24})">${icon}${text(34, 4, label, 'font-size="12"')}</g>`).join('');
}

function svg(parts: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    ...parts.filter((part) => part !== ''),
    '</svg>',
    '',
  ].join('\n');
}

/** Coordinates to one decimal: a tenth of a pixel is invisible, and the file stays small. */
const n = (value: number) => String(round(value, 1));

const text = (x: number, y: number, content: string, attributes: string) => `<text x="${n(x)}" y="${n(y)}" ${attributes}>${escapeXml(content)}</text>`;
const line = (x1: number, y1: number, x2: number, y2: number, attributes: string) => `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" ${attributes}/>`;
const circle = (x: number, y: number) => `<circle cx="${n(x)}" cy="${n(y)}" r="2.2"/>`;
/** An upward triangle, for "at least": the actual wait lies somewhere above it. */
const triangle = (x: number, y: number) => `M${n(x)} ${n(y - 3.5)}l3.5 6h-7z`;
/** Many shapes in one path element, which is far smaller than one element each. */
const path = (d: readonly string[], attributes: string) => (d.length > 0 ? `<path d="${d.join('')}" ${attributes}/>` : '');

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function ordinal(k: number): string {
  const suffix = k % 100 >= 11 && k % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[k % 10] ?? 'th';
  return `${k}${suffix}`;
}
