/** What the customer needs to know now: wait (place and time), go to a counter, or it is over. */
import type { TicketView } from '../../../shared/api/queue-types.ts';
import { WaitRange } from '../../../shared/components/wait-range.tsx';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { ticketMessages } from '../../../shared/i18n/messages/ticket.ts';

const ENDED = {
  done: 'statusDone',
  'no-show': 'statusNoShow',
  cancelled: 'statusCancelled',
  left: 'statusLeft',
  transferred: 'statusTransferred',
} as const;

export function TicketStatus({ ticket }: { ticket: TicketView }) {
  const t = useTranslate(ticketMessages);
  const zh = useLanguage().language === 'zh-CN';
  const counter = (zh ? ticket.counterNameZh : ticket.counterNameEn) ?? '';

  if (ticket.status === 'called') {
    return (
      <p className="ticket-call" role="alert" data-testid="ticket-status">
        {t('goTo', { counter })}
      </p>
    );
  }
  if (ticket.status === 'serving') {
    return <p className="ticket-serving" data-testid="ticket-status">{t('beingServed', { counter })}</p>;
  }
  if (ticket.status !== 'waiting') {
    return <p className="ticket-ended" data-testid="ticket-status">{t(ENDED[ticket.status])}</p>;
  }
  return (
    <div className="ticket-waiting" data-testid="ticket-status" aria-live="polite">
      {ticket.position !== null ? (
        <p className="ticket-position" data-testid="ticket-position">
          {ticket.position <= 1 ? t('positionNext') : t('positionAhead', { n: ticket.position - 1 })}
        </p>
      ) : null}
      <p>
        {t('expectedWait')}: <strong data-testid="ticket-wait"><WaitRange prediction={ticket.prediction} /></strong>
      </p>
      <p className="ticket-hint">{t('keepOpen')}</p>
    </div>
  );
}
