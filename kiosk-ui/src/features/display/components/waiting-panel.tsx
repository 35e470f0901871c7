/** How many people wait for each service and the expected wait for someone joining now. */
import type { Board, ServiceSummary } from '../../../shared/api/queue-types.ts';
import { WaitRange } from '../../../shared/components/wait-range.tsx';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { displayMessages } from '../../../shared/i18n/messages/display.ts';

export function WaitingPanel({ services, names }: { services: Board['services']; names: Map<string, ServiceSummary> }) {
  const t = useTranslate(displayMessages);
  const { language } = useLanguage();
  // In ticket-letter order (A, B, C, ...) once the names, which carry the letters, are known.
  const ordered = [...services].sort((a, b) => (names.get(a.serviceId)?.prefix ?? a.serviceId).localeCompare(names.get(b.serviceId)?.prefix ?? b.serviceId));
  return (
    <section className="waiting-panel" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{t('waitingTitle')}</h2>
      <ul className="waiting-list" role="list">
        {ordered.map((entry) => {
          const service = names.get(entry.serviceId);
          return (
            <li key={entry.serviceId} className="waiting-item" data-testid={`waiting-${entry.serviceId}`}>
              <span className="waiting-name">
                {service ? <span className="waiting-prefix">{service.prefix}</span> : null}
                {service ? localName(service, language) : entry.serviceId}
              </span>
              <span className="waiting-count">{t('waitingCount', { n: entry.waiting })}</span>
              <span className="waiting-wait">{entry.prediction ? <WaitRange prediction={entry.prediction} /> : t('closed')}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
