/** Counts per day as stacked bars, one colour per part (e.g. incidents by kind). */
import { useLanguage } from '../../../shared/i18n/language-context.tsx';
import { formatCount, formatShortDay } from '../format.ts';
import { ChartFrame, type LegendItem } from './chart-frame.tsx';
import { labelIndexes, linear, niceTicks } from './scale.ts';

export interface BarPart extends LegendItem {
  /** One count per day of `dates`. */
  values: readonly number[];
}

export interface StackedBarsProps {
  id: string;
  title: string;
  dates: readonly string[];
  parts: readonly BarPart[];
  unit: string;
  dateHeading: string;
  totalHeading: string;
  emptyText?: string;
}

const HEIGHT = 240;
const MARGIN = { top: 28, right: 18, bottom: 30, left: 56 };
const MAX_DATE_LABELS = 8;

export function StackedBars({ id, title, dates, parts, unit, dateHeading, totalHeading, emptyText }: StackedBarsProps) {
  const { language } = useLanguage();
  const totals = dates.map((_, index) => parts.reduce((sum, part) => sum + part.values[index]!, 0));
  const ticks = niceTicks(0, Math.max(0, ...totals), 4, true);
  const dayLabels = dates.map((date) => formatShortDay(date, language));
  const shown = parts.filter((part) => part.values.some((value) => value > 0));
  const table = {
    head: [dateHeading, ...shown.map((part) => part.label), totalHeading],
    rows: dates.flatMap((_, index) =>
      totals[index]! > 0 ? [[dayLabels[index]!, ...shown.map((part) => formatCount(part.values[index]!, language)), formatCount(totals[index]!, language)]] : [],
    ),
  };

  const draw = (width: number) => {
    const band = (width - MARGIN.left - MARGIN.right) / Math.max(1, dates.length);
    const barWidth = Math.max(2, Math.min(40, band * 0.7));
    const x = (index: number) => MARGIN.left + band * index + (band - barWidth) / 2;
    const y = linear([0, ticks.at(-1)!], [HEIGHT - MARGIN.bottom, MARGIN.top]);
    return (
      <>
        <text className="axis-unit" x={MARGIN.left - 8} y={14} textAnchor="end">
          {unit}
        </text>
        {ticks.map((tick) => (
          <g key={tick} className="grid-line">
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatCount(tick, language)}
            </text>
          </g>
        ))}
        {labelIndexes(dates.length, MAX_DATE_LABELS).map((index) => (
          <text key={index} className="axis-label" x={x(index) + barWidth / 2} y={HEIGHT - 8} textAnchor="middle">
            {dayLabels[index]}
          </text>
        ))}
        {dates.map((_, index) => {
          let base = 0;
          return (
            <g key={index}>
              {shown.map((part) => {
                const value = part.values[index]!;
                if (value === 0) return null;
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return (
                  <rect key={part.label} className={`bar ${part.swatch}`} x={x(index)} y={top} width={barWidth} height={height}>
                    <title>{`${dayLabels[index]} · ${part.label}: ${formatCount(value, language)}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </>
    );
  };

  return <ChartFrame id={id} title={title} legend={shown} table={table} empty={shown.length === 0} emptyText={emptyText} height={HEIGHT} draw={draw} />;
}
