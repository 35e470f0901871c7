/**
 * One KPI in the ranking: its value (a score with its answer count, or "—" and "n = 12 < 30"
 * when it is hidden), and its change against the previous period, coloured by whether that is better or
 * worse for this KPI.
 */
import type { KpiLine, Score } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatCount, formatDelta, formatValue } from '../format.ts';
import { verdict, type KpiColumn } from '../kpi-columns.ts';

const ARROW = { up: '▲', down: '▼', same: '＝' } as const;

export function TrendDelta({ column, current, previous }: { column: KpiColumn; current: KpiLine; previous: KpiLine | null }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const now = column.value(current);
  const before = previous ? column.value(previous) : null;
  if (now === null || before === null) return null;
  const judged = verdict(column.better, now, before);
  const delta = formatDelta(column.kind, now, before, t, language);
  const said = judged === 'neither' ? t('changed') : t(judged);
  const arrow = now > before ? ARROW.up : now < before ? ARROW.down : ARROW.same;
  return (
    <span className={`trend trend-${judged}`} data-trend={judged} title={t('trendTitle', { delta, verdict: said })}>
      <span aria-hidden="true">{arrow}</span> {delta}
      <span className="visually-hidden"> ({said})</span>
    </span>
  );
}

/** A CSAT or NPS with its answer count, also when it is hidden for too few answers ("—", "n = 12 < 30"). */
export function ScoreText({ kind, score, minResponses }: { kind: 'csat' | 'nps'; score: Score; minResponses: number }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const answers = formatCount(score.responses, language);
  return (
    <>
      <span className="kpi-value" data-score={score.suppressed ? 'suppressed' : 'shown'}>
        {formatValue(kind, score.score, t, language)}
      </span>
      {score.suppressed ? (
        <span className="kpi-note kpi-suppressed" title={t('suppressedTitle', { n: answers, min: minResponses })}>
          {t('suppressed', { n: answers, min: minResponses })}
        </span>
      ) : (
        <span className="kpi-note">{t('responses', { n: answers })}</span>
      )}
    </>
  );
}

export function KpiValue({ column, line, minResponses }: { column: KpiColumn; line: KpiLine; minResponses: number }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const score = column.score?.(line);
  if (score && (column.kind === 'csat' || column.kind === 'nps')) return <ScoreText kind={column.kind} score={score} minResponses={minResponses} />;
  return <span className="kpi-value">{formatValue(column.kind, column.value(line), t, language)}</span>;
}
