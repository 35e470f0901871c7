import { describe, expect, it } from 'vitest';
import { kpisOf } from '../experience/kpis.ts';
import { emptyAggregate } from './hq-reports.ts';
import type { HqBranchInfo, HqRanking, KpiLine } from './hq-types.ts';
import { kpiLineOf } from './kpi-line.ts';
import { RANKING_CSV_HEADER, rankingCsv } from './ranking-csv.ts';

const PERIOD = { from: '2026-03-03', to: '2026-03-04' };
const emptyLine = kpiLineOf(kpisOf(emptyAggregate(PERIOD, 'UTC'), { minResponses: 30 }));

const line = (changes: Partial<KpiLine>): KpiLine => ({ ...emptyLine, ...changes });
const branch = (id: string, name: string, nameZh: string): HqBranchInfo => ({
  id, name, nameZh, region: 'east', timezone: 'Asia/Shanghai', simulated: false,
  firstHourStart: '2026-03-01T00:00:00.000Z', lastHourEnd: '2026-03-05T00:00:00.000Z', lastReportAt: '2026-03-05T00:05:00.000Z', hoursReported: 96, stale: false,
});

const ranking: HqRanking = {
  period: PERIOD,
  previousPeriod: { from: '2026-03-01', to: '2026-03-02' },
  minResponses: 30,
  sort: 'serviceLevel',
  rows: [
    {
      rank: 1,
      branch: branch('sh-pudong', 'Pudong, "Lujiazui" branch', '浦东支行，陆家嘴'),
      days: 2,
      kpis: line({ issued: 120, served: 110, serviceLevel: 0.8571, waitAvgS: 312.5, nps: { responses: 40, score: -12.5, suppressed: false }, csat: { responses: 29, score: null, suppressed: true }, incidents: 2, incidentsByKind: { fall: 2 } }),
      previous: line({ issued: 100 }),
    },
    { rank: 2, branch: branch('bj-xidan', '=HYPERLINK("http://x")', '-2+3'), days: 1, kpis: line({ issued: 5 }), previous: null },
  ],
  total: emptyLine,
};

/** Parses RFC 4180 CSV (quoted fields with "" and commas), enough to read our own output back. */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  for (const record of csv.trimEnd().split('\r\n')) {
    const cells: string[] = [];
    const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
    for (const match of record.matchAll(pattern)) {
      const raw = match[1]!;
      cells.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
      if (match[2] === '') break;
    }
    rows.push(cells);
  }
  return rows;
}

describe('the ranking as CSV', () => {
  const csv = rankingCsv(ranking);
  const [header, first, second] = parse(csv.slice(1));
  const cell = (row: string[], column: string) => row[header!.indexOf(column)];

  it('starts with a byte-order mark and ends every line with CRLF', () => {
    expect(csv.startsWith('\uFEFFrank,branchId,branchName,branchNameZh,region,')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(header).toEqual(RANKING_CSV_HEADER);
  });

  it('writes the JSON values: rates 0-1, seconds, hidden scores empty, incidents by kind', () => {
    expect([cell(first!, 'rank'), cell(first!, 'issued'), cell(first!, 'serviceLevel'), cell(first!, 'waitAvgS')]).toEqual(['1', '120', '0.8571', '312.5']);
    expect([cell(first!, 'csat'), cell(first!, 'csatResponses'), cell(first!, 'waitP90S')]).toEqual(['', '29', '']);
    expect([cell(first!, 'incidents'), cell(first!, 'incidents.fall'), cell(first!, 'incidents.help-request')]).toEqual(['2', '2', '0']);
    expect([cell(first!, 'previous.issued'), cell(second!, 'previous.issued')]).toEqual(['100', '']);
    expect(first).toHaveLength(header!.length);
  });

  it('keeps a negative NPS a number', () => {
    expect(cell(first!, 'nps')).toBe('-12.5');
  });

  it('quotes names with commas and quotes, and keeps Chinese as it is', () => {
    // The full-width comma of the Chinese name is text, not a separator.
    expect(csv).toContain('"Pudong, ""Lujiazui"" branch",浦东支行，陆家嘴,east');
    expect(cell(first!, 'branchName')).toBe('Pudong, "Lujiazui" branch');
  });

  it('defuses names a spreadsheet would run as formulas', () => {
    expect(cell(second!, 'branchName')).toBe('\'=HYPERLINK("http://x")');
    expect(cell(second!, 'branchNameZh')).toBe('\'-2+3');
  });

  it('is just the header when no branch reported', () => {
    expect(rankingCsv({ ...ranking, rows: [] })).toBe(`\uFEFF${RANKING_CSV_HEADER.join(',')}\r\n`);
  });
});
