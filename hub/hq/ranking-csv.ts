/**
 * The HQ ranking as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads Chinese
 * names), RFC 4180 (CRLF, quoted fields), one row per ranking row with the values of the JSON
 * answer — rates 0-1, seconds, a hidden or missing score as an empty cell. Columns have stable
 * English names; `previous.*` is the previous equal-length period. Pure.
 */
import { DISTRESS_KINDS } from '../../protocol/vocabulary.ts';
import type { HqRanking, KpiLine } from './hq-types.ts';

type Cell = string | number | boolean | null;
type Row = HqRanking['rows'][number];

const KPI_COLUMNS: ReadonlyArray<[string, (line: KpiLine) => Cell]> = [
  ['issued', (l) => l.issued],
  ['served', (l) => l.served],
  ['waitAvgS', (l) => l.waitAvgS],
  ['waitP90S', (l) => l.waitP90S],
  ['serviceLevel', (l) => l.serviceLevel],
  ['noShowRate', (l) => l.noShowRate],
  ['abandonmentRate', (l) => l.abandonmentRate],
  ['serviceTimeAvgS', (l) => l.serviceTimeAvgS],
  ['peakWaiting', (l) => l.peakWaiting],
  ['csat', (l) => l.csat.score],
  ['csatResponses', (l) => l.csat.responses],
  ['nps', (l) => l.nps.score],
  ['npsResponses', (l) => l.nps.responses],
  ['complaints', (l) => l.complaints],
  ['incidents', (l) => l.incidents],
  ...DISTRESS_KINDS.map((kind): [string, (line: KpiLine) => Cell] => [`incidents.${kind}`, (l) => l.incidentsByKind[kind] ?? 0]),
  ['acceptP50S', (l) => l.acceptP50S],
  ['acceptP90S', (l) => l.acceptP90S],
  ['arriveP50S', (l) => l.arriveP50S],
  ['arriveP90S', (l) => l.arriveP90S],
  ['resolveP50S', (l) => l.resolveP50S],
  ['resolveP90S', (l) => l.resolveP90S],
  ['kioskSessions', (l) => l.kioskSessions],
  ['kioskCompletionRate', (l) => l.kioskCompletionRate],
];

const COLUMNS: ReadonlyArray<[string, (row: Row) => Cell]> = [
  ['rank', (r) => r.rank],
  ['branchId', (r) => r.branch.id],
  ['branchName', (r) => r.branch.name],
  ['branchNameZh', (r) => r.branch.nameZh],
  ['region', (r) => r.branch.region],
  ['timezone', (r) => r.branch.timezone],
  ['simulated', (r) => r.branch.simulated],
  ['stale', (r) => r.branch.stale],
  ['days', (r) => r.days],
  ...KPI_COLUMNS.map(([name, value]): [string, (row: Row) => Cell] => [name, (r) => value(r.kpis)]),
  ...KPI_COLUMNS.map(([name, value]): [string, (row: Row) => Cell] => [`previous.${name}`, (r) => (r.previous ? value(r.previous) : null)]),
];

export const RANKING_CSV_HEADER: readonly string[] = COLUMNS.map(([name]) => name);

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, or a tab / carriage return that
 * some strip first) gets a leading apostrophe (OWASP: CSV injection). Numbers are written as
 * numbers, so an NPS of -12.5 stays -12.5.
 */
function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  const text = neutralised(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (cells: readonly Cell[]) => cells.map(field).join(',');

export function rankingCsv(ranking: HqRanking): string {
  const rows = ranking.rows.map((row) => line(COLUMNS.map(([, value]) => value(row))));
  return `\uFEFF${[line(RANKING_CSV_HEADER), ...rows].join('\r\n')}\r\n`;
}
