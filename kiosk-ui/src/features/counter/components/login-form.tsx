/** Staff sign-in with username and password (POST /api/v1/auth/login). */
import { useState } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import { useAction } from '../../../shared/hooks/use-async.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { counterMessages } from '../../../shared/i18n/messages/counter.ts';
import { login, type Login } from '../api/counter-api.ts';
import { COUNTER_ROLES } from '../hooks/use-staff-session.ts';

export function LoginForm({ onSignedIn, sessionEnded }: { onSignedIn(login: Login): void; sessionEnded: boolean }) {
  const t = useTranslate(counterMessages);
  const common = useTranslate(commonMessages);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [attempt, run] = useAction<Login>();
  const [refusedRole, setRefusedRole] = useState(false);

  const submit = async () => {
    const outcome = await run(() => login(username.trim(), password));
    if (!outcome?.ok) return;
    if (!COUNTER_ROLES.includes(outcome.value.role)) {
      setRefusedRole(true);
      return;
    }
    onSignedIn(outcome.value);
  };

  let problem: string | null = null;
  if (refusedRole) problem = t('notStaff');
  else if (attempt.status === 'error') problem = attempt.error instanceof ApiError && attempt.error.status === 401 ? t('wrongLogin') : common('errorNetwork');
  else if (sessionEnded) problem = t('sessionEnded');

  return (
    <form
      className="card login-form"
      onSubmit={(event) => {
        event.preventDefault();
        setRefusedRole(false);
        void submit();
      }}
    >
      <h2>{t('loginTitle')}</h2>
      <label>
        <span>{t('username')}</span>
        <input name="username" autoComplete="username" required value={username} onChange={(event) => setUsername(event.target.value)} />
      </label>
      <label>
        <span>{t('password')}</span>
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      {problem ? (
        <p className="error-text" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button-primary" disabled={attempt.status === 'pending'}>
        {attempt.status === 'pending' ? t('signingIn') : t('signIn')}
      </button>
    </form>
  );
}
