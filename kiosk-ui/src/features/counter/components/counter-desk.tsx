/**
 * One counter at work: open or close it, call the next customer, and move the current ticket
 * along (call again, start, done, no-show, transfer). The buttons offered follow the ticket's
 * state, so staff only see what is possible now.
 */
import { useState } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import type { CounterView, ServiceSummary } from '../../../shared/api/queue-types.ts';
import { useAction, useLoad } from '../../../shared/hooks/use-async.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { counterMessages } from '../../../shared/i18n/messages/counter.ts';
import type { CounterApi, TicketAction } from '../api/counter-api.ts';
import { CurrentTicket } from './current-ticket.tsx';
import { TransferDialog } from './transfer-dialog.tsx';

export function CounterDesk({ api, counter, onChanged }: { api: CounterApi; counter: CounterView; onChanged(): void }) {
  const t = useTranslate(counterMessages);
  const common = useTranslate(commonMessages);
  const { language } = useLanguage();
  const services = useLoad(api.services, [api]);
  const [action, run] = useAction<unknown>();
  const [transferring, setTransferring] = useState(false);
  const ticket = counter.current;

  const perform = async (request: () => Promise<unknown>) => {
    await run(request);
    onChanged();
  };
  const act = (name: TicketAction) => () => void perform(() => api.act(ticket!.id, name));

  const names = new Map<string, ServiceSummary>(services.status === 'done' ? services.value.map((service) => [service.id, service]) : []);
  let problem: string | null = null;
  if (action.status === 'error') {
    const error = action.error;
    if (error instanceof ApiError && error.status === 404) problem = t('nobodyWaiting');
    else if (error instanceof ApiError && error.status === 409) problem = t('conflict', { message: error.message });
    else problem = error instanceof ApiError ? error.message : common('errorNetwork');
  }
  const busy = action.status === 'pending';

  return (
    <section className="counter-desk" aria-labelledby="desk-title">
      <div className="desk-head">
        <h2 id="desk-title">{localName(counter, language)}</h2>
        <span className={`counter-state ${counter.open ? 'open' : 'closed'}`} data-testid="counter-state">
          {counter.open ? t('isOpen') : t('isClosed')}
        </span>
        <button type="button" disabled={busy || (!!ticket && counter.open)} onClick={() => void perform(() => api.setOpen(counter.id, !counter.open))} data-testid="toggle-open">
          {counter.open ? t('closeCounter') : t('openCounter')}
        </button>
      </div>

      <div className="card desk-current">
        <h3>{t('current')}</h3>
        {ticket ? <CurrentTicket ticket={ticket} /> : <p>{t('noCurrent')}</p>}
        <div className="desk-actions">
          {!ticket ? (
            <button type="button" className="button-primary desk-button" disabled={busy || !counter.open} onClick={() => void perform(() => api.callNext(counter.id))} data-testid="call-next">
              {t('callNext')}
            </button>
          ) : null}
          {ticket?.status === 'called' ? (
            <>
              <button type="button" className="button-primary desk-button" disabled={busy} onClick={act('start')} data-testid="start">{t('start')}</button>
              <button type="button" className="desk-button" disabled={busy} onClick={act('recall')} data-testid="recall">{t('recall')}</button>
              <button type="button" className="desk-button" disabled={busy} onClick={act('no-show')} data-testid="no-show">{t('noShow')}</button>
            </>
          ) : null}
          {ticket?.status === 'serving' ? (
            <button type="button" className="button-primary desk-button" disabled={busy} onClick={act('done')} data-testid="done">{t('done')}</button>
          ) : null}
          {ticket ? (
            <button type="button" className="desk-button" disabled={busy || services.status !== 'done'} onClick={() => setTransferring(true)} data-testid="transfer">{t('transfer')}</button>
          ) : null}
        </div>
        {problem ? <p className="error-text" role="alert">{problem}</p> : null}
      </div>

      <div className="card desk-waiting">
        <h3>{t('waitingTitle')}</h3>
        <ul role="list">
          {counter.waiting.map((entry) => (
            <li key={entry.serviceId} data-testid={`counter-waiting-${entry.serviceId}`}>
              <span>{names.has(entry.serviceId) ? localName(names.get(entry.serviceId)!, language) : entry.serviceId}</span>
              <strong>{t('waitingCount', { n: entry.waiting })}</strong>
            </li>
          ))}
        </ul>
      </div>

      {ticket && services.status === 'done' ? (
        <TransferDialog
          open={transferring}
          services={services.value}
          currentServiceId={ticket.serviceId}
          onCancel={() => setTransferring(false)}
          onChoose={(serviceId) => {
            setTransferring(false);
            void perform(() => api.transfer(ticket.id, serviceId));
          }}
        />
      ) : null}
    </section>
  );
}
