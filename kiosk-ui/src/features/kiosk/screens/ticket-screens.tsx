/** Take a ticket: choose the service, say whether you need assistance, get your number. */
import { useState } from 'react';
import type { ServiceSummary, TicketView } from '../../../shared/api/queue-types.ts';
import { ApiError } from '../../../shared/api/http.ts';
import { useAction } from '../../../shared/hooks/use-async.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { uuidv7 } from '../../../../../protocol/ids.ts';
import { kioskApi } from '../api/kiosk-api.ts';
import { retryWhileUnreachable } from '../api/retry.ts';
import { ErrorNotice, errorCode } from '../components/error-notice.tsx';
import { ScreenFrame } from '../components/screen-frame.tsx';
import { ServiceList } from '../components/service-list.tsx';
import { TicketCard } from '../components/ticket-card.tsx';
import { useKiosk } from '../kiosk-context.ts';

export function TicketServiceScreen() {
  const t = useTranslate(kioskMessages);
  const { nav } = useKiosk();
  return (
    <ScreenFrame title={t('chooseService')}>
      <ServiceList showQueue onlyOpen onSelect={(service) => nav.go({ kind: 'ticket-assist', service })} />
    </ScreenFrame>
  );
}

type Priority = 'normal' | 'assisted';

export function TicketAssistScreen({ service }: { service: ServiceSummary }) {
  const t = useTranslate(kioskMessages);
  const { language } = useLanguage();
  const { nav, session } = useKiosk();
  const [request, run] = useAction<TicketView>();
  // One key per customer choice: every retry of that choice is the same request to the hub.
  const [attempt, setAttempt] = useState<{ priority: Priority; key: string } | null>(null);

  const take = async (current: { priority: Priority; key: string }) => {
    setAttempt(current);
    const outcome = await run(() => retryWhileUnreachable(() => kioskApi.takeTicket({ serviceId: service.id, priority: current.priority, language }, current.key)));
    if (outcome?.ok) nav.replace({ kind: 'ticket-issued', ticket: outcome.value });
    else if (outcome) session.error(errorCode('ticket', outcome.error));
  };

  if (request.status === 'pending') {
    return (
      <ScreenFrame title={t('takingTicket')}>
        <p aria-busy="true" className="busy" />
      </ScreenFrame>
    );
  }
  return (
    <ScreenFrame title={t('assistTitle')}>
      <p className="lead">{t('assistBody')}</p>
      {request.status === 'error' && attempt ? (
        <ErrorNotice
          error={request.error}
          message={refused(request.error) ? t('serviceUnavailable') : undefined}
          onRetry={refused(request.error) ? undefined : () => void take(attempt)}
        />
      ) : (
        <div className="choice-row">
          <button type="button" className="big-button" data-testid="assist-yes" onClick={() => void take({ priority: 'assisted', key: uuidv7() })}>
            {t('assistYes')}
          </button>
          <button type="button" className="big-button button-primary" data-testid="assist-no" onClick={() => void take({ priority: 'normal', key: uuidv7() })}>
            {t('assistNo')}
          </button>
        </div>
      )}
    </ScreenFrame>
  );
}

/** The hub answered no (e.g. the service closed meanwhile): retrying the same request will not help. */
function refused(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

export function TicketIssuedScreen({ ticket, checkedIn }: { ticket: TicketView; checkedIn: boolean }) {
  const t = useTranslate(kioskMessages);
  const { nav } = useKiosk();
  return (
    <ScreenFrame title={checkedIn ? t('checkedInTitle') : t('ticketTitle')}>
      <TicketCard ticket={ticket} />
      <div className="choice-row">
        <button type="button" className="big-button button-primary" data-testid="finished" onClick={nav.home}>
          {t('finished')}
        </button>
      </div>
    </ScreenFrame>
  );
}
