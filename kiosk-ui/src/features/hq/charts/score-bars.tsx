/**
 * A score per item as horizontal bars around zero (NPS runs from −100 to 100). A score hidden
 * for too few answers is written as such ("n < 30"), never drawn as a zero-length bar.
 */
import type { Score } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatCount, formatValue } from '../format.ts';
import { ChartFrame } from './chart-frame.tsx';
import { linear } from './scale.ts';

export interface ScoreBar {
  key: string;
  label: string;
  score: Score;
}

export interface ScoreBarsProps {
  id: string;
  title: string;
  bars: readonly ScoreBar[];
  minResponses: number;
  nameHeading: string;
  scoreHeading: string;
}

const ROW = 30;
const MARGIN = { top: 26, right: 64, bottom: 8, left: 180 };
const TICKS = [-100, -50, 0, 50, 100];

export function ScoreBars({ id, title, bars, minResponses, nameHeading, scoreHeading }: ScoreBarsProps) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const height = MARGIN.top + bars.length * ROW + MARGIN.bottom;
  const scoreText = ({ score, suppressed, responses }: Score) =>
    score !== null ? formatValue('nps', score, t, language) : suppressed ? t('suppressed', { n: formatCount(responses, language), min: minResponses }) : t('noAnswers');
  const table = {
    head: [nameHeading, scoreHeading, t('count')],
    rows: bars.map((bar) => [bar.label, scoreText(bar.score), formatCount(bar.score.responses, language)]),
  };

  const draw = (width: number) => {
    const x = linear([-100, 100], [MARGIN.left, width - MARGIN.right]);
    return (
      <>
        {TICKS.map((tick) => (
          <g key={tick} className={tick === 0 ? 'grid-line grid-zero' : 'grid-line'}>
            <line x1={x(tick)} x2={x(tick)} y1={MARGIN.top - 4} y2={height - MARGIN.bottom} />
            <text x={x(tick)} y={14} textAnchor="middle">
              {formatValue('nps', tick, t, language)}
            </text>
          </g>
        ))}
        {bars.map((bar, index) => {
          const middle = MARGIN.top + index * ROW + ROW / 2;
          const { score } = bar.score;
          const tooltip = `${bar.label}: ${scoreText(bar.score)} (${t('responses', { n: formatCount(bar.score.responses, language) })})`;
          return (
            <g key={bar.key} data-testid={`nps-bar-${bar.key}`}>
              <text className="axis-label" x={MARGIN.left - 10} y={middle} dy="0.32em" textAnchor="end">
                {bar.label}
              </text>
              {score === null ? (
                <text className="bar-note" x={x(0) + 8} y={middle} dy="0.32em">
                  {scoreText(bar.score)}
                  <title>{tooltip}</title>
                </text>
              ) : (
                <>
                  <rect className={`bar ${score >= 0 ? 'swatch-positive' : 'swatch-negative'}`} x={Math.min(x(0), x(score))} y={middle - ROW * 0.3} width={Math.max(1, Math.abs(x(score) - x(0)))} height={ROW * 0.6}>
                    <title>{tooltip}</title>
                  </rect>
                  <text className="bar-value" x={Math.max(x(0), x(score)) + 6} y={middle} dy="0.32em">
                    {scoreText(bar.score)}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </>
    );
  };

  return <ChartFrame id={id} title={title} table={table} empty={bars.length === 0} height={height} draw={draw} />;
}
