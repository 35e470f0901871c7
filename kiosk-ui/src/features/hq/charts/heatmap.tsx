/**
 * Busy hours: weekday × local hour, each cell the tickets issued on an average day (the sum over
 * the period divided by the branch-days counted for that weekday). Only the hours in which any
 * ticket was issued are drawn, so a branch open 9 to 5 does not get a chart of empty nights.
 */
import type { HqHeatmap } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatCount, weekdayNames } from '../format.ts';
import { ChartFrame } from './chart-frame.tsx';

const MARGIN = { top: 8, right: 12, bottom: 50, left: 56 };
const ROW = 30;
const HEIGHT = MARGIN.top + 7 * ROW + MARGIN.bottom;
/** Cells narrower than this show their number on hover only. */
const MIN_LABELLED_CELL = 38;
const LEGEND_STEPS = 5;

/** Average tickets per day in each weekday × hour cell; null for a weekday without data. */
export function averagePerDay(heatmap: HqHeatmap): Array<Array<number | null>> {
  return heatmap.issued.map((hours, weekday) => {
    const days = heatmap.days[weekday] ?? 0;
    return hours.map((issued) => (days > 0 ? issued / days : null));
  });
}

/** The first and last hour of day in which anything was issued, or null when nothing was. */
export function busyHours(heatmap: HqHeatmap): [number, number] | null {
  const used = Array.from({ length: 24 }, (_, hour) => hour).filter((hour) => heatmap.issued.some((hours) => (hours[hour] ?? 0) > 0));
  return used.length ? [used[0]!, used.at(-1)!] : null;
}

export function Heatmap({ id, title, heatmap }: { id: string; title: string; heatmap: HqHeatmap }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const days = weekdayNames(language);
  const averages = averagePerDay(heatmap);
  const range = busyHours(heatmap);
  const hours = range ? Array.from({ length: range[1] - range[0] + 1 }, (_, index) => range[0] + index) : [];
  const max = Math.max(0, ...averages.flatMap((row) => row.map((value) => value ?? 0)));
  const write = (value: number | null) => (value === null ? '—' : formatCount(value, language, 1));
  const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
  const table = {
    head: [t('weekday'), ...hours.map(hourLabel)],
    rows: days.map((day, weekday) => [day, ...hours.map((hour) => write(averages[weekday]![hour]!))]),
  };

  const draw = (width: number) => {
    const cell = (width - MARGIN.left - MARGIN.right) / Math.max(1, hours.length);
    const legendY = MARGIN.top + 7 * ROW + 30;
    return (
      <>
        {days.map((day, weekday) => (
          <g key={day}>
            <text className="axis-label" x={MARGIN.left - 8} y={MARGIN.top + weekday * ROW + ROW / 2} dy="0.32em" textAnchor="end">
              {day}
            </text>
            {hours.map((hour, column) => {
              const value = averages[weekday]![hour]!;
              const share = value === null || max === 0 ? 0 : value / max;
              return (
                <g key={hour}>
                  <rect
                    className={value === null ? 'heat-cell heat-none' : 'heat-cell'}
                    x={MARGIN.left + column * cell + 1}
                    y={MARGIN.top + weekday * ROW + 1}
                    width={Math.max(1, cell - 2)}
                    height={ROW - 2}
                    fillOpacity={value === null ? undefined : 0.06 + 0.94 * share}
                  >
                    <title>{t('heatmapCell', { day, hour: String(hour).padStart(2, '0'), value: write(value) })}</title>
                  </rect>
                  {cell >= MIN_LABELLED_CELL && value !== null && value > 0 ? (
                    <text className={share > 0.55 ? 'heat-value heat-value-light' : 'heat-value'} x={MARGIN.left + column * cell + cell / 2} y={MARGIN.top + weekday * ROW + ROW / 2} dy="0.32em" textAnchor="middle">
                      {write(value)}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        ))}
        {hours.map((hour, column) =>
          hours.length <= 12 || hour % 2 === 0 ? (
            <text key={hour} className="axis-label" x={MARGIN.left + column * cell + cell / 2} y={MARGIN.top + 7 * ROW + 14} textAnchor="middle">
              {hourLabel(hour)}
            </text>
          ) : null,
        )}
        <g className="heat-legend" aria-hidden="true">
          <text className="axis-label" x={MARGIN.left} y={legendY} dy="0.32em">
            {t('fewer')}
          </text>
          {Array.from({ length: LEGEND_STEPS }, (_, step) => (
            <rect key={step} className="heat-cell" x={MARGIN.left + 44 + step * 22} y={legendY - 7} width={20} height={14} fillOpacity={0.06 + (0.94 * step) / (LEGEND_STEPS - 1)} />
          ))}
          <text className="axis-label" x={MARGIN.left + 44 + LEGEND_STEPS * 22 + 6} y={legendY} dy="0.32em">
            {`${t('more')} (${formatCount(max, language, 1)})`}
          </text>
          <text className="axis-unit" x={width - MARGIN.right} y={legendY} dy="0.32em" textAnchor="end">
            {t('hourOfDay')}
          </text>
        </g>
      </>
    );
  };

  return <ChartFrame id={id} title={title} table={table} empty={hours.length === 0} height={HEIGHT} wide draw={draw} />;
}
