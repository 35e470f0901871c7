/** How fast the branch answered its incidents: accept, arrive and resolve, p50 and p90. */
import type { BranchKpis, DurationKpi } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatValue } from '../format.ts';

const STEPS = ['accept', 'arrive', 'resolve'] as const;

export function ResponseTimes({ alerts }: { alerts: BranchKpis['alerts'] }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const row = (step: (typeof STEPS)[number], duration: DurationKpi) => (
    <tr key={step} data-step={step}>
      <th scope="row">{t(`step.${step}`)}</th>
      <td className="num">{formatValue('count', duration.count, t, language)}</td>
      <td className="num">{formatValue('duration', duration.p50S, t, language)}</td>
      <td className="num">{formatValue('duration', duration.p90S, t, language)}</td>
    </tr>
  );
  return (
    <section className="card" aria-labelledby="response-title">
      <h3 id="response-title">{t('responseTitle')}</h3>
      <table className="data-table" data-testid="response-times">
        <thead>
          <tr>
            <th scope="col">{t('step')}</th>
            <th scope="col" className="num">{t('count')}</th>
            <th scope="col" className="num">{t('p50')}</th>
            <th scope="col" className="num">{t('p90')}</th>
          </tr>
        </thead>
        <tbody>{STEPS.map((step) => row(step, alerts[step]))}</tbody>
      </table>
    </section>
  );
}
