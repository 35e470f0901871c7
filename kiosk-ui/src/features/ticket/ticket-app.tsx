/**
 * The customer's phone page (`/ticket/?code=...`, the kiosk's QR code): their number, where
 * they are in the queue and how long it should take, live; when called, which counter to go
 * to (with vibration); and a way to give the ticket up.
 */
import { useMemo, useState } from 'react';
import { Chime } from '../../shared/chime.ts';
import { LanguageSwitch } from '../../shared/components/language-switch.tsx';
import { OfflineBanner } from '../../shared/components/offline-banner.tsx';
import { useLanguage, useTranslate } from '../../shared/i18n/language-context.tsx';
import { localName } from '../../shared/i18n/language.ts';
import { commonMessages } from '../../shared/i18n/messages/common.ts';
import { ticketMessages } from '../../shared/i18n/messages/ticket.ts';
import { CancelTicket } from './components/cancel-ticket.tsx';
import { TicketStatus } from './components/ticket-status.tsx';
import { useCallAlert } from './hooks/use-call-alert.ts';
import { useFollowedTicket } from './hooks/use-followed-ticket.ts';
import './ticket.css';

function FollowTicket({ code }: { code: string }) {
  const t = useTranslate(ticketMessages);
  const common = useTranslate(commonMessages);
  const { language } = useLanguage();
  const [state, show] = useFollowedTicket(code);
  const chime = useMemo(() => new Chime(), []);
  const [soundOn, setSoundOn] = useState(false);
  const ticket = state.status === 'ready' ? state.ticket : null;
  useCallAlert(ticket, chime, ticket ? t('calledTitle', { number: ticket.number }) : '');

  if (state.status === 'loading') return <p aria-busy="true">{common('loading')}</p>;
  if (state.status === 'missing') return <p className="error-text">{t('notFound')}</p>;
  if (state.status === 'unreachable') return <p className="error-text">{common('errorNetwork')}</p>;
  if (state.status === 'busy') return <p className="error-text">{common('errorBusy')}</p>;
  const { ticket: current } = state;
  const active = current.status === 'waiting' || current.status === 'called';
  return (
    <article className={`ticket-page status-${current.status}`}>
      <p className="ticket-label">{t('yourNumber')}</p>
      <p className="ticket-number" data-testid="ticket-number">{current.number}</p>
      <p className="ticket-service">{localName({ nameEn: current.serviceNameEn, nameZh: current.serviceNameZh }, language)}</p>
      <TicketStatus ticket={current} />
      {active && !soundOn ? (
        <button type="button" className="sound-button" onClick={() => void chime.unlock().then(() => setSoundOn(!chime.locked))}>
          {t('soundOn')}
        </button>
      ) : null}
      {active ? <CancelTicket code={code} onCancelled={show} /> : null}
    </article>
  );
}

export function TicketApp() {
  const t = useTranslate(ticketMessages);
  const code = new URLSearchParams(window.location.search).get('code');
  return (
    <div className="ticket-app">
      <header className="app-header">
        <h1>{t('title')}</h1>
        <div className="tools">
          <LanguageSwitch />
        </div>
      </header>
      <OfflineBanner />
      <main className="ticket-main">{code ? <FollowTicket code={code} /> : <p>{t('noCode')}</p>}</main>
    </div>
  );
}
