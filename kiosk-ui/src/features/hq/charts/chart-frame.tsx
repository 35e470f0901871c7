/**
 * What every chart shares: a heading, a legend, the drawing (an SVG titled for screen readers and
 * drawn at the width the layout gives it) and its numbers as a table that only screen readers
 * see, so nothing is in the picture alone.
 */
import type { ReactNode } from 'react';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { useWidth } from './use-width.ts';

export interface LegendItem {
  label: string;
  /** The CSS class that colours the series (hq.css). */
  swatch: string;
}

export interface ChartTable {
  head: string[];
  rows: string[][];
}

export interface ChartFrameProps {
  id: string;
  title: string;
  legend?: readonly LegendItem[];
  table: ChartTable;
  /** Nothing to draw: a sentence instead of an empty axis. */
  empty?: boolean;
  /** What to say when there is nothing to draw; "nothing to show" by default. */
  emptyText?: string;
  height: number;
  /** Takes the whole row of the chart grid. */
  wide?: boolean;
  draw(width: number): ReactNode;
}

export function ChartFrame({ id, title, legend = [], table, empty = false, emptyText, height, wide = false, draw }: ChartFrameProps) {
  const t = useTranslate(hqMessages);
  const [ref, width] = useWidth<HTMLDivElement>(560);
  return (
    <figure className={wide ? 'card chart chart-wide' : 'card chart'} data-testid={`chart-${id}`} aria-labelledby={`chart-${id}-title`}>
      <figcaption>
        <h3 id={`chart-${id}-title`}>{title}</h3>
        {legend.length > 0 && !empty ? (
          <ul className="chart-legend" aria-hidden="true">
            {legend.map((item) => (
              <li key={item.label}>
                <span className={`legend-swatch ${item.swatch}`} />
                {item.label}
              </li>
            ))}
          </ul>
        ) : null}
      </figcaption>
      <div ref={ref} className="chart-canvas">
        {empty ? (
          <p className="chart-empty">{emptyText ?? t('noChartData')}</p>
        ) : (
          <svg role="img" aria-label={title} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
            <title>{title}</title>
            {draw(width)}
          </svg>
        )}
      </div>
      {empty ? null : (
        <table className="visually-hidden" data-testid={`chart-${id}-data`}>
          <caption>{t('chartData', { title })}</caption>
          <thead>
            <tr>
              {table.head.map((cell) => (
                <th key={cell} scope="col">
                  {cell}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row[0]}>
                {row.map((cell, index) => (index === 0 ? <th key={index} scope="row">{cell}</th> : <td key={index}>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
