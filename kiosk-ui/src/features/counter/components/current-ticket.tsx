/** The ticket at this counter now: number, service, priority and since when it was called. */
import type { TicketView } from '../../../shared/api/queue-types.ts';
import { formatClock } from '../../../shared/format/time.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { counterMessages } from '../../../shared/i18n/messages/counter.ts';

const PRIORITY_LABEL = {
  appointment: 'priorityAppointment',
  assisted: 'priorityAssisted',
  vip: 'priorityVip',
  normal: 'priorityNormal',
} as const;

export function CurrentTicket({ ticket }: { ticket: TicketView }) {
  const t = useTranslate(counterMessages);
  const { language } = useLanguage();
  return (
    <div className="current-ticket" data-testid="current-ticket">
      <span className="current-number" data-testid="current-number">{ticket.number}</span>
      <span className="current-details">
        <span>{localName({ nameEn: ticket.serviceNameEn, nameZh: ticket.serviceNameZh }, language)}</span>
        <span className={`priority priority-${ticket.priority}`}>{t(PRIORITY_LABEL[ticket.priority])}</span>
        <span data-testid="current-status">
          {ticket.status === 'serving' ? t('statusServing') : t('calledAt', { time: ticket.calledAt ? formatClock(ticket.calledAt, language) : '' })}
        </span>
      </span>
    </div>
  );
}
