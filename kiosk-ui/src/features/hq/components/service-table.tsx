/** A branch's tickets and feedback per service, busiest service first. */
import type { BranchKpis } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatValue } from '../format.ts';
import { MIN_RESPONSES } from '../kpi-columns.ts';
import { ScoreText } from './kpi-cell.tsx';

const NO_ANSWERS = { responses: 0, score: null, suppressed: false };

export function ServiceTable({ kpis }: { kpis: BranchKpis }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const services = Object.entries(kpis.byService).sort(([, a], [, b]) => b.issued - a.issued);
  return (
    <section className="card" aria-labelledby="by-service-title">
      <h3 id="by-service-title">{t('byServiceTitle')}</h3>
      <div className="table-scroll">
        <table className="data-table" data-testid="by-service">
          <thead>
            <tr>
              <th scope="col">{t('service')}</th>
              <th scope="col" className="num">{t('col.issued')}</th>
              <th scope="col" className="num">{t('served')}</th>
              <th scope="col" className="num">{t('col.waitAvgS')}</th>
              <th scope="col" className="num">{t('col.waitP90S')}</th>
              <th scope="col" className="num">{t('col.serviceLevel')}</th>
              <th scope="col" className="num">{t('col.abandonmentRate')}</th>
              <th scope="col" className="num">{t('serviceTimeAvg')}</th>
              <th scope="col" className="num">{t('col.csat')}</th>
              <th scope="col" className="num">{t('col.nps')}</th>
            </tr>
          </thead>
          <tbody>
            {services.map(([serviceId, service]) => {
              const feedback = kpis.feedbackByService[serviceId];
              return (
                <tr key={serviceId} data-service={serviceId}>
                  <th scope="row">{serviceId}</th>
                  <td className="num">{formatValue('count', service.issued, t, language)}</td>
                  <td className="num">{formatValue('count', service.served, t, language)}</td>
                  <td className="num">{formatValue('duration', service.wait.avgS, t, language)}</td>
                  <td className="num">{formatValue('duration', service.wait.p90S, t, language)}</td>
                  <td className="num">{formatValue('rate', service.serviceLevel, t, language)}</td>
                  <td className="num">{formatValue('rate', service.abandonmentRate, t, language)}</td>
                  <td className="num">{formatValue('duration', service.serviceTime.avgS, t, language)}</td>
                  <td className="num">
                    <ScoreText kind="csat" score={feedback?.csat ?? NO_ANSWERS} minResponses={MIN_RESPONSES} />
                  </td>
                  <td className="num">
                    <ScoreText kind="nps" score={feedback?.nps ?? NO_ANSWERS} minResponses={MIN_RESPONSES} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
