/** "Give up my ticket", confirmed first: it cannot be undone. */
import { useState } from 'react';
import { apiRequest, isBusy } from '../../../shared/api/http.ts';
import type { TicketView } from '../../../shared/api/queue-types.ts';
import { ModalDialog } from '../../../shared/components/modal-dialog.tsx';
import { useAction } from '../../../shared/hooks/use-async.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { ticketMessages } from '../../../shared/i18n/messages/ticket.ts';

export function CancelTicket({ code, onCancelled }: { code: string; onCancelled(ticket: TicketView): void }) {
  const t = useTranslate(ticketMessages);
  const common = useTranslate(commonMessages);
  const [confirming, setConfirming] = useState(false);
  const [cancel, run] = useAction<TicketView>();

  const confirm = async () => {
    const outcome = await run(() => apiRequest<TicketView>(`/queue/tickets/by-code/${encodeURIComponent(code)}/cancel`, { method: 'POST' }));
    if (outcome?.ok) {
      setConfirming(false);
      onCancelled(outcome.value);
    }
  };

  return (
    <>
      <button type="button" className="cancel-button" data-testid="cancel-ticket" onClick={() => setConfirming(true)}>
        {t('cancel')}
      </button>
      <ModalDialog open={confirming} labelledBy="cancel-title" onCancel={() => setConfirming(false)}>
        <h2 id="cancel-title">{t('cancelConfirmTitle')}</h2>
        <p>{t('cancelConfirmBody')}</p>
        {cancel.status === 'error' ? <p className="error-text" role="alert">{common(isBusy(cancel.error) ? 'errorBusy' : 'errorGeneric')}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="button-primary" autoFocus onClick={() => setConfirming(false)}>
            {t('cancelNo')}
          </button>
          <button type="button" className="button-danger" data-testid="cancel-confirm" disabled={cancel.status === 'pending'} onClick={() => void confirm()}>
            {t('cancelYes')}
          </button>
        </div>
      </ModalDialog>
    </>
  );
}
