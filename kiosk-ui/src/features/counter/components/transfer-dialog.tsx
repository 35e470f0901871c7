/** Choose the service a customer is sent on to. */
import type { ServiceSummary } from '../../../shared/api/queue-types.ts';
import { ModalDialog } from '../../../shared/components/modal-dialog.tsx';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { counterMessages } from '../../../shared/i18n/messages/counter.ts';

export function TransferDialog({ open, services, currentServiceId, onChoose, onCancel }: { open: boolean; services: ServiceSummary[]; currentServiceId: string; onChoose(serviceId: string): void; onCancel(): void }) {
  const t = useTranslate(counterMessages);
  const { language } = useLanguage();
  return (
    <ModalDialog open={open} labelledBy="transfer-title" onCancel={onCancel}>
      <h2 id="transfer-title">{t('transferTitle')}</h2>
      <ul className="transfer-list" role="list">
        {services
          .filter((service) => service.id !== currentServiceId)
          .map((service) => (
            <li key={service.id}>
              <button type="button" className="transfer-choice" data-testid={`transfer-${service.id}`} onClick={() => onChoose(service.id)}>
                {service.prefix} · {localName(service, language)}
              </button>
            </li>
          ))}
      </ul>
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </ModalDialog>
  );
}
