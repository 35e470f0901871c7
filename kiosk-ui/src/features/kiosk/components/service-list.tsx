/**
 * The branch's services as big buttons with people waiting and the expected wait, kept live
 * from the `/queue` board. A service no counter serves now cannot be chosen.
 */
import { WaitRange } from '../../../shared/components/wait-range.tsx';
import type { ServiceSummary } from '../../../shared/api/queue-types.ts';
import { useLoad } from '../../../shared/hooks/use-async.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { kioskApi } from '../api/kiosk-api.ts';
import { useKiosk } from '../kiosk-context.ts';
import { ErrorNotice } from './error-notice.tsx';

/** In ticket-letter order (A, B, C, ...), as the branch's signs list them. */
function byPrefix(services: ServiceSummary[]): ServiceSummary[] {
  return [...services].sort((a, b) => a.prefix.localeCompare(b.prefix));
}

export function ServiceList({ onSelect, showQueue, onlyOpen, filter }: { onSelect(service: ServiceSummary): void; showQueue: boolean; onlyOpen: boolean; filter?: (service: ServiceSummary) => boolean }) {
  const t = useTranslate(kioskMessages);
  const common = useTranslate(commonMessages);
  const { language } = useLanguage();
  const { board } = useKiosk();
  const services = useLoad(kioskApi.services, []);

  if (services.status === 'pending') return <p aria-busy="true">{common('loading')}</p>;
  if (services.status === 'error') return <ErrorNotice error={services.error} onRetry={services.reload} />;
  if (services.status !== 'done') return null;

  const live = new Map(board?.services.map((entry) => [entry.serviceId, entry]));
  return (
    <ul className="service-list" role="list">
      {byPrefix(services.value.filter((service) => !filter || filter(service))).map((service) => {
        const now = { ...service, ...(live.has(service.id) ? { waiting: live.get(service.id)!.waiting, prediction: live.get(service.id)!.prediction } : {}) };
        const available = !onlyOpen || now.open;
        return (
          <li key={now.id}>
            <button type="button" className="service-button" disabled={!available} onClick={() => onSelect(now)} data-testid={`service-${now.id}`}>
              <span className="service-name">
                <span className="service-prefix" aria-hidden="true">{now.prefix}</span>
                {localName(now, language)}
              </span>
              {showQueue ? (
                <span className="service-queue">
                  {available ? (
                    <>
                      <span>{t('waitingCount', { n: now.waiting })}</span>
                      <span>
                        {t('expectedWait')}: <WaitRange prediction={now.prediction} />
                      </span>
                    </>
                  ) : (
                    <span>{t('serviceClosed')}</span>
                  )}
                </span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
