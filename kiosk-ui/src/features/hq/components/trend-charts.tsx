/**
 * The period day by day: waiting times (average and p90), service level, and incidents by kind;
 * with the busy-hours heatmap. Shared by the all-branches view and a branch's own view, each of
 * which puts them in its chart grid.
 */
import type { ReactNode } from 'react';
import type { HqHeatmap, HqTrend } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { dispatchMessages } from '../../../shared/i18n/messages/dispatch.ts';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { alertKindName } from '../../../shared/format/alert-words.ts';
import { Heatmap } from '../charts/heatmap.tsx';
import { LineChart } from '../charts/line-chart.tsx';
import { StackedBars } from '../charts/stacked-bars.tsx';
import { formatCount, formatDuration, formatRate } from '../format.ts';
import { dailyIncidents, dailyValues, periodDates } from '../trend-series.ts';

const toMinutes = (seconds: number | null) => (seconds === null ? null : seconds / 60);

/** `children`: charts of the view's own, placed after the waits and the service level. */
export function TrendCharts({ trend, heatmap, children }: { trend: HqTrend; heatmap: HqHeatmap; children?: ReactNode }) {
  const t = useTranslate(hqMessages);
  const kinds = useTranslate(dispatchMessages);
  const { language } = useLanguage();
  const dates = periodDates(trend.period.from, trend.period.to);
  return (
    <>
      <LineChart
        id="waits"
        title={t('chartWaits')}
        dates={dates}
        unit={t('unitMinutes')}
        dateHeading={t('date')}
        series={[
          { label: t('seriesAvg'), swatch: 'swatch-avg', values: dailyValues(trend, (line) => toMinutes(line.waitAvgS)) },
          { label: t('seriesP90'), swatch: 'swatch-p90', values: dailyValues(trend, (line) => toMinutes(line.waitP90S)) },
        ]}
        formatTick={(minutes) => formatCount(minutes, language, 1)}
        formatValue={(minutes) => formatDuration(minutes * 60, t)}
      />
      <LineChart
        id="service-level"
        title={t('chartServiceLevel')}
        dates={dates}
        unit={t('unitPercent')}
        dateHeading={t('date')}
        yMax={1}
        series={[{ label: t('col.serviceLevel'), swatch: 'swatch-level', values: dailyValues(trend, (line) => line.serviceLevel) }]}
        formatTick={(rate) => formatCount(rate * 100, language)}
        formatValue={(rate) => formatRate(rate, language)}
      />
      {children}
      <StackedBars
        id="incidents"
        title={t('chartIncidents')}
        dates={dates}
        unit={t('unitIncidents')}
        dateHeading={t('date')}
        totalHeading={t('col.incidents')}
        emptyText={t('noIncidents')}
        parts={dailyIncidents(trend).map(({ kind, values }) => ({ label: alertKindName(kinds, kind), swatch: `swatch-kind-${kind}`, values }))}
      />
      <Heatmap id="heatmap" title={t('chartHeatmap')} heatmap={heatmap} />
    </>
  );
}
