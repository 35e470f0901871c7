/**
 * The ranking's KPI columns: what each one reads from a `KpiLine`, how it is written, and which
 * way is better (lower waits, higher service level), which colours its trend.
 */
import type { HqMinResponses, KpiLine } from '../../shared/api/hq-types.ts';

export type ValueKind = 'count' | 'duration' | 'rate' | 'csat' | 'nps';
export type Better = 'higher' | 'lower' | 'neither';

export interface KpiColumn {
  key: KpiColumnKey;
  kind: ValueKind;
  better: Better;
  value(line: KpiLine): number | null;
  /** Scores carry their answer count, shown beside them. */
  score?(line: KpiLine): KpiLine['csat'];
}

export const KPI_COLUMNS = [
  { key: 'issued', kind: 'count', better: 'neither', value: (line) => line.issued },
  { key: 'waitAvgS', kind: 'duration', better: 'lower', value: (line) => line.waitAvgS },
  { key: 'waitP90S', kind: 'duration', better: 'lower', value: (line) => line.waitP90S },
  { key: 'serviceLevel', kind: 'rate', better: 'higher', value: (line) => line.serviceLevel },
  { key: 'abandonmentRate', kind: 'rate', better: 'lower', value: (line) => line.abandonmentRate },
  { key: 'csat', kind: 'csat', better: 'higher', value: (line) => line.csat.score, score: (line) => line.csat },
  { key: 'nps', kind: 'nps', better: 'higher', value: (line) => line.nps.score, score: (line) => line.nps },
  { key: 'incidents', kind: 'count', better: 'lower', value: (line) => line.incidents },
  { key: 'acceptP50S', kind: 'duration', better: 'lower', value: (line) => line.acceptP50S },
  { key: 'resolveP50S', kind: 'duration', better: 'lower', value: (line) => line.resolveP50S },
  { key: 'kioskCompletionRate', kind: 'rate', better: 'higher', value: (line) => line.kioskCompletionRate },
] as const satisfies ReadonlyArray<{ key: string; kind: ValueKind; better: Better; value(line: KpiLine): number | null; score?(line: KpiLine): KpiLine['csat'] }>;

export type KpiColumnKey = (typeof KPI_COLUMNS)[number]['key'];
/** What the ranking can be ordered by: a KPI column, or the branch name. */
export type ColumnKey = KpiColumnKey | 'name';

const KEYS = new Set<string>(['name', ...KPI_COLUMNS.map((column) => column.key)]);

export function isColumnKey(value: string): value is ColumnKey {
  return KEYS.has(value);
}

export function kpiColumn(key: KpiColumnKey): KpiColumn {
  return KPI_COLUMNS.find((column) => column.key === key)!;
}

export type Verdict = 'better' | 'worse' | 'same' | 'neither';

/** Whether `current` is better than `previous` for a KPI where `better` is the good direction. */
export function verdict(better: Better, current: number, previous: number): Verdict {
  if (current === previous) return 'same';
  if (better === 'neither') return 'neither';
  return (current < previous) === (better === 'lower') ? 'better' : 'worse';
}

/** Best first, values not measured last (the hub's own order for the sorts it supports). */
export function compareBest(better: Better, a: number | null, b: number | null): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return better === 'lower' ? a - b : b - a;
}

/** HQ hides a CSAT or NPS with fewer answers than this (hub/hq: HQ_MIN_RESPONSES; the type keeps
 * the two equal). Reports that say it (the ranking's `minResponses`) are read instead. */
export const MIN_RESPONSES: HqMinResponses = 30;
