/**
 * The counter screen (`/counter/?counter=c1`): staff sign in, then work one counter. Without a
 * valid `?counter=` they pick one from the branch's counters.
 */
import { useCallback, useMemo, useState } from 'react';
import { useSession, type Login } from '../../shared/auth/session.ts';
import { StaffScreen } from '../../shared/components/staff-screen.tsx';
import { useLanguage, useTranslate } from '../../shared/i18n/language-context.tsx';
import { localName } from '../../shared/i18n/language.ts';
import { commonMessages } from '../../shared/i18n/messages/common.ts';
import { counterMessages } from '../../shared/i18n/messages/counter.ts';
import { counterApi } from './api/counter-api.ts';
import { CounterDesk } from './components/counter-desk.tsx';
import { useCounters } from './hooks/use-counters.ts';
import './counter.css';

/** The roles the hub lets work the queue (hub/api/routes/queue-staff.ts). */
const COUNTER_ROLES = ['admin', 'floor', 'staff'];
const STORAGE_KEY = 'tp.counter.login';

function counterFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get('counter');
}

function SignedIn({ login, onExpired }: { login: Login; onExpired(): void }) {
  const t = useTranslate(counterMessages);
  const common = useTranslate(commonMessages);
  const { language } = useLanguage();
  const api = useMemo(() => counterApi(login.token), [login.token]);
  const { counters, error, refresh } = useCounters(api, onExpired);
  const [counterId, setCounterId] = useState(counterFromUrl);

  if (!counters) return <p aria-busy="true">{error ? common('errorNetwork') : common('loading')}</p>;
  const counter = counters.find((candidate) => candidate.id === counterId);
  if (counter) return <CounterDesk api={api} counter={counter} onChanged={refresh} />;

  const choose = (id: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set('counter', id);
    window.history.replaceState(null, '', url);
    setCounterId(id);
  };
  return (
    <section className="card counter-picker" aria-labelledby="picker-title">
      {counterId ? <p className="error-text">{t('unknownCounter', { id: counterId })}</p> : null}
      <h2 id="picker-title">{t('chooseCounter')}</h2>
      <ul role="list">
        {counters.map((candidate) => (
          <li key={candidate.id}>
            <button type="button" className="desk-button" onClick={() => choose(candidate.id)}>
              {localName(candidate, language)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CounterApp() {
  const t = useTranslate(counterMessages);
  const session = useSession(STORAGE_KEY);
  const { signOut } = session;
  const expired = useCallback(() => signOut('expired'), [signOut]);
  return (
    <StaffScreen page="counter" title={t('title')} session={session} roles={COUNTER_ROLES}>
      {(login) => <SignedIn login={login} onExpired={expired} />}
    </StaffScreen>
  );
}
