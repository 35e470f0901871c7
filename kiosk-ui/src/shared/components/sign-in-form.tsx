/** Username and password (POST /api/v1/auth/login), for a screen open to some roles only. */
import { useState } from 'react';
import { ApiError } from '../api/http.ts';
import type { Refusal } from '../api/authed-socket.ts';
import { login, type Login } from '../auth/session.ts';
import { useAction } from '../hooks/use-async.ts';
import { useTranslate } from '../i18n/language-context.tsx';
import { commonMessages } from '../i18n/messages/common.ts';
import { signInMessages } from '../i18n/messages/sign-in.ts';
import '../styles/sign-in.css';

export function SignInForm({ roles, onSignedIn, ended }: { roles: readonly string[]; onSignedIn(login: Login): void; ended: Refusal | null }) {
  const t = useTranslate(signInMessages);
  const common = useTranslate(commonMessages);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [attempt, run] = useAction<Login>();
  const [refusedRole, setRefusedRole] = useState(false);

  const submit = async () => {
    const outcome = await run(() => login(username.trim(), password));
    if (!outcome?.ok) return;
    if (!roles.includes(outcome.value.role)) {
      setRefusedRole(true);
      return;
    }
    onSignedIn(outcome.value);
  };

  const signInProblem = (error: unknown) => {
    if (!(error instanceof ApiError)) return common('errorNetwork');
    if (error.status === 401) return t('wrongLogin');
    // Throttled (hub/auth/login-throttle.ts).
    if (error.status === 429) return t('tooManyAttempts');
    return common('errorGeneric');
  };
  let problem: string | null = null;
  if (refusedRole) problem = t('wrongRole');
  else if (attempt.status === 'error') problem = signInProblem(attempt.error);
  else if (ended === 'forbidden') problem = t('wrongRole');
  else if (ended === 'expired') problem = t('sessionEnded');

  return (
    <form
      className="card sign-in-form"
      onSubmit={(event) => {
        event.preventDefault();
        setRefusedRole(false);
        void submit();
      }}
    >
      <h2>{t('title')}</h2>
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
