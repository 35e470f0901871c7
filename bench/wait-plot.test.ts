import { describe, expect, it } from 'vitest';
import { waitPlotSvg } from './wait-plot.ts';
import type { ScoredTicket } from './wait-metrics.ts';

/** Minutes in, seconds out. */
const t = (serviceId: string, expectedMin: number, waitedMin: number | null, range: [number, number], leftAfterMin: number | null = null): ScoredTicket => ({
  serviceId, expectedS: expectedMin * 60, lowS: range[0] * 60, highS: range[1] * 60, waitedS: waitedMin === null ? null : waitedMin * 60, leftAfterS: leftAfterMin === null ? null : leftAfterMin * 60,
});

/** `count` served tickets, predicted 1–30 min; actual = predicted × `bias`, give or take half. */
const many = (count: number, bias = 1): ScoredTicket[] =>
  Array.from({ length: count }, (_, i) => {
    const expected = 1 + (i % 30);
    const actual = expected * bias * (0.5 + ((i * 7919) % 100) / 100);
    return t(i % 3 === 0 ? 'FX' : 'PS', expected, actual, [expected * 0.6, expected * 1.5]);
  });

/** Every tag closes in order, and no bare `&` or `<` is left in the text. */
function expectWellFormed(svg: string): void {
  expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg).toContain('viewBox="0 0 900 600"');
  const open: string[] = [];
  for (const [tag, closing, name, selfClosing] of svg.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-zA-Z]+)(?:\s[^<>]*?)?(\/?)>/g)) {
    if (selfClosing) continue;
    if (closing) expect(open.pop(), tag).toBe(name);
    else open.push(name!);
  }
  expect(open).toEqual([]);
  const outsideTags = svg.replace(/^<\?xml[^>]*\?>/, '').replace(/<(\/?)([a-zA-Z]+)(?:\s[^<>]*?)?(\/?)>/g, '');
  expect(outsideTags).not.toMatch(/[<>]|&(?!(lt|gt|amp|quot|apos);)/);
}

/** The dots of served tickets, with their centres. */
const servedDots = (svg: string) =>
  [...svg.matchAll(/<g class="served"[^>]*>(.*?)<\/g>/g)].flatMap(([, dots]) => [...dots!.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map(([, x, y]) => ({ x: Number(x), y: Number(y) })));

describe('plot of predicted against actual waits', () => {
  const known = [
    t('PS', 5, 5, [3, 8]), // error 0, inside
    t('PS', 5, 7, [3, 8]), // error 2, inside
    t('PS', 10, 6, [7, 14]), // error 4, below
    t('FX', 2, 2, [0, 4]), // error 0, inside
    t('FX', 3, null, [1, 6], 9), // gave up after 9 min
    t('FX', 3, null, [1, 6], 2), // gave up after 2 min
  ];

  it('is a standalone, well-formed SVG with one dot per served ticket', () => {
    const svg = waitPlotSvg(known, { title: 'Branch 12' });
    expectWellFormed(svg);
    expect(svg).not.toMatch(/<script|@import|@font-face|href=/);
    expect(servedDots(svg)).toHaveLength(4);
    expect(svg).toContain('all 4 served tickets drawn');
  });

  it('says the served count, the mean absolute error and the share inside the range under the title', () => {
    expect(waitPlotSvg(known, { title: 'x' })).toContain('4 served · mean absolute error 1.5 min · 75.0 % of actual waits inside the predicted range');
  });

  it('draws those who gave up as hollow "waited at least" marks, not as served dots', () => {
    const svg = waitPlotSvg(known, { title: 'x' });
    const marks = /<path d="([^"]*)" class="gave-up" fill="none"/.exec(svg);
    expect(marks?.[1]?.match(/z/g)).toHaveLength(2);
    expect(svg).toContain('gave up: waited at least this long (2)');
    expect(servedDots(svg)).toHaveLength(4);
  });

  it('escapes the title and service ids', () => {
    const svg = waitPlotSvg([...known, t('<Cash & "FX">', 4, 4, [2, 6])], { title: 'Branch <&> \'north\'' });
    expectWellFormed(svg);
    expect(svg).toContain('Branch &lt;&amp;&gt; &apos;north&apos;');
    expect(svg).toContain('&lt;Cash &amp; &quot;FX&quot;&gt;');
  });

  it('thins a large input to at most maxPoints dots, every k-th ticket, and says so', () => {
    const svg = waitPlotSvg(many(10_000), { title: 'x', maxPoints: 3000 });
    expectWellFormed(svg);
    expect(servedDots(svg)).toHaveLength(2500);
    expect(svg).toContain('every 4th of 10,000 served tickets drawn');
    expect(svg).toContain('10,000 served · ');
    expect(servedDots(waitPlotSvg(many(27_000), { title: 'x' })).length).toBeLessThanOrEqual(3000);
    expect(waitPlotSvg(many(10_000), { title: 'x', maxPoints: 3000 })).toBe(svg);
  });

  it('draws outliers at the edge of the plot and counts them in a footnote', () => {
    const svg = waitPlotSvg([...many(300), t('PS', 5, 600, [3, 8]), t('PS', 900, 20, [800, 1000])], { title: 'x' });
    expect(svg).toContain('2 points beyond the axes drawn at the edge');
    for (const dot of servedDots(svg)) {
      expect(dot.x).toBeGreaterThanOrEqual(80);
      expect(dot.x).toBeLessThanOrEqual(510);
      expect(dot.y).toBeGreaterThanOrEqual(100);
      expect(dot.y).toBeLessThanOrEqual(530);
    }
    expect(waitPlotSvg(known, { title: 'x' })).not.toContain('beyond the axes');
  });

  it('shows a median line above the diagonal when actual waits run longer than predicted', () => {
    const svg = waitPlotSvg(many(3000, 1.5), { title: 'x' });
    const median = /<path class="median" d="([^"]*)"/.exec(svg)?.[1];
    expect(median).toBeDefined();
    expect(svg).toContain('class="band"');
    // The plot is square, from x = 80 to 510 and y = 530 up to 100, so the diagonal at x is y = 610 − x.
    let x = 0;
    let y = 0;
    for (const [, command, a, b] of median!.matchAll(/([MVH])([\d.]+)(?: ([\d.]+))?/g)) {
      if (command === 'M') [x, y] = [Number(a), Number(b)];
      if (command === 'V') y = Number(a);
      if (command === 'H') {
        expect(y).toBeLessThan(610 - x);
        x = Number(a);
      }
    }
  });

  it('says "no served tickets" instead of throwing when there is nothing to plot', () => {
    const empty = waitPlotSvg([], { title: 'Empty day' });
    expectWellFormed(empty);
    expect(empty).toContain('no served tickets');
    expect(waitPlotSvg(known.filter((ticket) => ticket.waitedS === null), { title: 'x' })).toContain('no served tickets (2 gave up)');
  });
});
