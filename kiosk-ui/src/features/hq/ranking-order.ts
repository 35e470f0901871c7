/**
 * The ranking's rows in the order the analyst chose. For the KPIs the hub ranks by, its order and
 * rank stand; for the other columns (and the branch name) the page orders the rows itself, best
 * first and unmeasured last, and numbers them in that order.
 */
import type { HqRankingRow } from '../../shared/api/hq-types.ts';
import type { Language } from '../../shared/i18n/language.ts';
import { serverSort } from './filters.ts';
import { compareBest, kpiColumn, type ColumnKey } from './kpi-columns.ts';

export interface RankedRow {
  rank: number;
  row: HqRankingRow;
}

export function branchName(branch: { name: string; nameZh: string }, language: Language): string {
  return language === 'zh-CN' ? branch.nameZh : branch.name;
}

export function orderRows(rows: readonly HqRankingRow[], sort: ColumnKey, language: Language): RankedRow[] {
  if (serverSort(sort)) return [...rows].sort((a, b) => a.rank - b.rank).map((row) => ({ rank: row.rank, row }));
  const ordered = [...rows];
  if (sort === 'name') {
    const collator = new Intl.Collator(language);
    ordered.sort((a, b) => collator.compare(branchName(a.branch, language), branchName(b.branch, language)));
  } else {
    const column = kpiColumn(sort);
    ordered.sort((a, b) => compareBest(column.better, column.value(a.kpis), column.value(b.kpis)));
  }
  return ordered.map((row, index) => ({ rank: index + 1, row }));
}
