/**
 * Values per day as lines, one per series, over every day of the period: a day without data
 * breaks the line rather than being drawn as zero. Each point names its day and value on hover.
 */
import { useLanguage } from '../../../shared/i18n/language-context.tsx';
import { formatShortDay } from '../format.ts';
import { ChartFrame, type LegendItem } from './chart-frame.tsx';
import { labelIndexes, linear, niceTicks } from './scale.ts';

export interface LineSeries extends LegendItem {
  values: ReadonlyArray<number | null>;
}

export interface LineChartProps {
  id: string;
  title: string;
  /** Every day of the period, `YYYY-MM-DD`. */
  dates: readonly string[];
  series: readonly LineSeries[];
  unit: string;
  /** The axis always reaches this high (e.g. 100 % for a rate). */
  yMax?: number;
  formatTick(value: number): string;
  formatValue(value: number): string;
  dateHeading: string;
}

const HEIGHT = 240;
const MARGIN = { top: 28, right: 18, bottom: 30, left: 56 };
const MAX_DATE_LABELS = 8;

/** Consecutive points with values, as SVG path data; a missing value starts a new piece. */
function pathOf(points: ReadonlyArray<readonly [number, number] | null>): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (!point) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${point[0].toFixed(1)},${point[1].toFixed(1)}`;
    drawing = true;
  }
  return path;
}

export function LineChart({ id, title, dates, series, unit, yMax, formatTick, formatValue, dateHeading }: LineChartProps) {
  const { language } = useLanguage();
  const values = series.flatMap((line) => line.values.filter((value): value is number => value !== null));
  const ticks = niceTicks(0, Math.max(yMax ?? 0, ...values), 4);
  const dayLabels = dates.map((date) => formatShortDay(date, language));
  const table = {
    head: [dateHeading, ...series.map((line) => line.label)],
    rows: dates.flatMap((date, index) =>
      series.some((line) => line.values[index] !== null)
        ? [[dayLabels[index]!, ...series.map((line) => (line.values[index] === null ? '—' : formatValue(line.values[index]!)))]]
        : [],
    ),
  };

  const draw = (width: number) => {
    const x = dates.length === 1 ? () => (MARGIN.left + width - MARGIN.right) / 2 : linear([0, dates.length - 1], [MARGIN.left, width - MARGIN.right]);
    const y = linear([ticks[0]!, ticks.at(-1)!], [HEIGHT - MARGIN.bottom, MARGIN.top]);
    const dotRadius = dates.length > 45 ? 2 : 3.5;
    return (
      <>
        <text className="axis-unit" x={MARGIN.left - 8} y={14} textAnchor="end">
          {unit}
        </text>
        {ticks.map((tick) => (
          <g key={tick} className="grid-line">
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatTick(tick)}
            </text>
          </g>
        ))}
        {labelIndexes(dates.length, MAX_DATE_LABELS).map((index) => (
          <text key={index} className="axis-label" x={x(index)} y={HEIGHT - 8} textAnchor="middle">
            {dayLabels[index]}
          </text>
        ))}
        {series.map((line) => {
          const points = line.values.map((value, index) => (value === null ? null : ([x(index), y(value)] as const)));
          return (
            <g key={line.label} className={`series ${line.swatch}`}>
              <path className="series-line" d={pathOf(points)} />
              {points.map((point, index) =>
                point ? (
                  <circle key={index} className="series-dot" cx={point[0]} cy={point[1]} r={dotRadius}>
                    <title>{`${dayLabels[index]} · ${line.label}: ${formatValue(line.values[index]!)}`}</title>
                  </circle>
                ) : null,
              )}
            </g>
          );
        })}
      </>
    );
  };

  return <ChartFrame id={id} title={title} legend={series} table={table} empty={values.length === 0} height={HEIGHT} draw={draw} />;
}
