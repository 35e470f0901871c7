/**
 * All branches in the filters: the ranking with its trends and total, NPS by branch, and the
 * period day by day with its busy hours.
 */
import type { Refusal } from '../../../shared/api/authed-socket.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import type { HqApi } from '../api/hq-api.ts';
import { ScoreBars } from '../charts/score-bars.tsx';
import { serverSort, type HqFilters } from '../filters.ts';
import { useReport } from '../hooks/use-report.ts';
import type { ColumnKey } from '../kpi-columns.ts';
import { branchName, orderRows } from '../ranking-order.ts';
import { PeriodLine } from './period-line.tsx';
import { RankingTable } from './ranking-table.tsx';
import { EmptyReport, ReportState } from './report-state.tsx';
import { TrendCharts } from './trend-charts.tsx';

export interface OverviewProps {
  api: HqApi;
  filters: HqFilters;
  onSort(sort: ColumnKey): void;
  onOpenBranch(branchId: string): void;
  branchHref(branchId: string): string;
  onRefused(refusal?: Refusal): void;
}

export function Overview({ api, filters, onSort, onOpenBranch, branchHref, onRefused }: OverviewProps) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const { from, to, region, serviceId } = filters;
  const sort = serverSort(filters.sort);
  const ranking = useReport(() => api.ranking(filters), [api, from, to, region, serviceId, sort], onRefused);
  const trend = useReport(() => api.trend(filters), [api, from, to, region, serviceId], onRefused);
  const heatmap = useReport(() => api.heatmap(filters), [api, from, to, region], onRefused);

  return (
    <ReportState report={ranking}>
      {(loaded) =>
        loaded.rows.length === 0 ? (
          <EmptyReport />
        ) : (
          <>
            <section className="card ranking-card" aria-labelledby="ranking-title">
              <h2 id="ranking-title">{t('rankingTitle')}</h2>
              <PeriodLine period={loaded.period} previous={loaded.previousPeriod} />
              <RankingTable ranking={loaded} sort={filters.sort} onSort={onSort} onOpenBranch={onOpenBranch} branchHref={branchHref} />
            </section>
            <div className="chart-grid">
              <ReportState report={trend}>
                {(days) => (
                  <ReportState report={heatmap}>
                    {(hours) => (
                      <TrendCharts trend={days} heatmap={hours}>
                        <ScoreBars
                          id="nps"
                          title={t('chartNps')}
                          minResponses={loaded.minResponses}
                          nameHeading={t('col.name')}
                          scoreHeading={t('col.nps')}
                          bars={orderRows(loaded.rows, filters.sort, language).map(({ row }) => ({ key: row.branch.id, label: branchName(row.branch, language), score: row.kpis.nps }))}
                        />
                      </TrendCharts>
                    )}
                  </ReportState>
                )}
              </ReportState>
            </div>
          </>
        )
      }
    </ReportState>
  );
}
