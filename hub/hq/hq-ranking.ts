/**
 * The HQ ranking: one row per branch with data in the period, its KPI line and the previous
 * equal-length period's line, ranked by one KPI. Pure.
 */
import { previousPeriod } from './hq-period.ts';
import { mergeAggregates } from '../experience/aggregate.ts';
import { groupBy, lineOf, lineOfAggregate, mergeOrEmpty, selectBranches, selectDays, type ReportInput } from './hq-reports.ts';
import { HQ_MIN_RESPONSES, type HqRanking, type KpiLine, type RankingSort } from './hq-types.ts';

/**
 * Rank 1 is the best branch on the sorted KPI: highest service level, NPS and CSAT; shortest
 * waits; fewest incidents and abandonments. `issued` is volume, not merit: the busiest first.
 */
export const RANKING_ORDER: Readonly<Record<RankingSort, 'ascending' | 'descending'>> = {
  serviceLevel: 'descending',
  waitAvgS: 'ascending',
  waitP90S: 'ascending',
  nps: 'descending',
  csat: 'descending',
  issued: 'descending',
  incidents: 'ascending',
  abandonmentRate: 'ascending',
};

export function sortValue(line: KpiLine, sort: RankingSort): number | null {
  if (sort === 'nps' || sort === 'csat') return line[sort].score;
  return line[sort];
}

/** Orders by the KPI in its direction; a branch without the KPI (null, or a hidden score) last; ties by branch id. */
function compareBy(sort: RankingSort) {
  const sign = RANKING_ORDER[sort] === 'ascending' ? 1 : -1;
  return (a: { id: string; line: KpiLine }, b: { id: string; line: KpiLine }): number => {
    const x = sortValue(a.line, sort);
    const y = sortValue(b.line, sort);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return sign * (x - y);
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

export function ranking(input: ReportInput & { sort: RankingSort }): HqRanking {
  const { period, sort } = input;
  const previous = previousPeriod(period);
  const branches = selectBranches(input.branches, input.filter);
  const before = groupBy(selectDays(input, previous), (day) => day.branchId);
  // Each branch's days merged once; the total merges those, not every day again.
  const merged = [...groupBy(selectDays(input), (day) => day.branchId)].map(([id, days]) => ({ id, days: days.length, aggregate: mergeAggregates(days.map((day) => day.aggregate)) }));
  const rows = merged
    .map(({ id, days, aggregate }) => {
      const earlier = before.get(id);
      return { id, line: lineOfAggregate(aggregate), days, previous: earlier ? lineOf(earlier, previous) : null };
    })
    .sort(compareBy(sort));
  return {
    period,
    previousPeriod: previous,
    minResponses: HQ_MIN_RESPONSES,
    sort,
    rows: rows.map((row, index) => ({ rank: index + 1, branch: branches.get(row.id)!, days: row.days, kpis: row.line, previous: row.previous })),
    total: lineOfAggregate(mergeOrEmpty(merged.map((branch) => branch.aggregate), period)),
  };
}
