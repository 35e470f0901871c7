/**
 * The frame of every signed-in staff screen (counter, floor tablet, staff phone): title, who is
 * signed in, the page's own tools, sign-out and the language switch, the offline banner, and the
 * sign-in form until someone with one of `roles` signs in.
 */
import type { ReactNode } from 'react';
import type { Session, Login } from '../auth/session.ts';
import { useTranslate } from '../i18n/language-context.tsx';
import { signInMessages } from '../i18n/messages/sign-in.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { OfflineBanner } from './offline-banner.tsx';
import { SignInForm } from './sign-in-form.tsx';

export interface StaffScreenProps {
  page: string;
  title: string;
  session: Session;
  roles: readonly string[];
  /** Buttons shown beside "sign out" while signed in. */
  tools?: ReactNode;
  /** On a phone the name goes under the tools, where there is room for it. */
  nameBelow?: boolean;
  children(login: Login): ReactNode;
}

export function StaffScreen({ page, title, session, roles, tools, nameBelow = false, children }: StaffScreenProps) {
  const t = useTranslate(signInMessages);
  const { login } = session;
  const name = login ? t('signedInAs', { name: login.displayName }) : null;
  return (
    <div className={`${page}-page`}>
      <header className="app-header">
        <h1>{title}</h1>
        <div className="tools">
          {name && !nameBelow ? <span className="signed-in">{name}</span> : null}
          {login ? tools : null}
          {login ? (
            <button type="button" className="tool-button" onClick={session.leave}>
              {t('signOut')}
            </button>
          ) : null}
          <LanguageSwitch />
        </div>
        {name && nameBelow ? <p className="signed-in">{name}</p> : null}
      </header>
      <OfflineBanner />
      <main className={`${page}-main`}>
        {login ? children(login) : <SignInForm roles={roles} onSignedIn={session.signIn} ended={session.ended} />}
      </main>
    </div>
  );
}
