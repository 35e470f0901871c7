/** A ticket just taken: the number, the place in the queue, the wait, and the QR code to follow it. */
import { QrCode } from '../../../shared/components/qr-code.tsx';
import { WaitRange } from '../../../shared/components/wait-range.tsx';
import type { TicketView } from '../../../shared/api/queue-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';

export function TicketCard({ ticket }: { ticket: TicketView }) {
  const t = useTranslate(kioskMessages);
  const { language } = useLanguage();
  const phoneUrl = new URL(ticket.url, window.location.href).toString();
  return (
    <div className="ticket-card card">
      <div className="ticket-main">
        <p className="ticket-label">{t('yourNumber')}</p>
        <p className="ticket-number" data-testid="ticket-number" data-speak="">
          {ticket.number}
        </p>
        <p className="ticket-service">{localName({ nameEn: ticket.serviceNameEn, nameZh: ticket.serviceNameZh }, language)}</p>
        {ticket.position !== null ? (
          <p className="ticket-position" data-testid="ticket-position" data-speak="">
            {ticket.position <= 1 ? t('positionNext') : t('positionAhead', { n: ticket.position - 1 })}
          </p>
        ) : null}
        <p className="ticket-wait" data-speak="">
          {t('expectedWait')}: <strong data-testid="ticket-wait"><WaitRange prediction={ticket.prediction} /></strong>
        </p>
      </div>
      <figure className="ticket-qr">
        <QrCode text={phoneUrl} label={t('qrLabel')} size={220} />
        <figcaption>{t('scanToFollow')}</figcaption>
      </figure>
    </div>
  );
}
