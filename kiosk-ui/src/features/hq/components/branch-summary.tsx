/** A branch's headline KPIs for the period, and its customers' feedback. */
import type { BranchKpis } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatValue } from '../format.ts';
import { MIN_RESPONSES } from '../kpi-columns.ts';
import { ScoreText } from './kpi-cell.tsx';

export function BranchSummary({ kpis }: { kpis: BranchKpis }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const { tickets } = kpis;
  const figures: Array<[string, string, string]> = [
    ['issued', t('col.issued'), formatValue('count', tickets.issued, t, language)],
    ['served', t('served'), formatValue('count', tickets.served, t, language)],
    ['waitAvgS', t('col.waitAvgS'), formatValue('duration', tickets.wait.avgS, t, language)],
    ['waitP90S', t('col.waitP90S'), formatValue('duration', tickets.wait.p90S, t, language)],
    ['serviceLevel', t('col.serviceLevel'), formatValue('rate', tickets.serviceLevel, t, language)],
    ['abandonmentRate', t('col.abandonmentRate'), formatValue('rate', tickets.abandonmentRate, t, language)],
    ['noShowRate', t('noShowRate'), formatValue('rate', tickets.noShowRate, t, language)],
    ['serviceTimeAvgS', t('serviceTimeAvg'), formatValue('duration', tickets.serviceTime.avgS, t, language)],
    ['peakWaiting', t('peakWaiting'), formatValue('count', tickets.peakWaiting, t, language)],
    ['incidents', t('col.incidents'), formatValue('count', Object.values(kpis.distress).reduce((sum, count) => sum + (count ?? 0), 0), t, language)],
  ];
  return (
    <>
      <section className="card" aria-label={t('figuresTitle')}>
        <dl className="stat-grid" data-testid="branch-figures">
          {figures.map(([key, label, value]) => (
            <div key={key} className="stat" data-figure={key}>
              <dt>{label}</dt>
              <dd className="kpi-value">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="feedback-title">
        <h3 id="feedback-title">{t('feedbackTitle')}</h3>
        <dl className="stat-grid" data-testid="branch-feedback">
          <div className="stat" data-figure="csat">
            <dt>{t('col.csat')}</dt>
            <dd>
              <ScoreText kind="csat" score={kpis.feedback.csat} minResponses={MIN_RESPONSES} />
            </dd>
          </div>
          <div className="stat" data-figure="nps">
            <dt>{t('col.nps')}</dt>
            <dd>
              <ScoreText kind="nps" score={kpis.feedback.nps} minResponses={MIN_RESPONSES} />
            </dd>
          </div>
          <div className="stat" data-figure="comments">
            <dt>{t('comments')}</dt>
            <dd className="kpi-value">{formatValue('count', kpis.feedback.comments, t, language)}</dd>
          </div>
          <div className="stat" data-figure="complaints">
            <dt>{t('complaints')}</dt>
            <dd className="kpi-value">{formatValue('count', kpis.feedback.complaints, t, language)}</dd>
          </div>
        </dl>
      </section>
    </>
  );
}
