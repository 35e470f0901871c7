/**
 * /privacy/: the branch privacy notice. `?back=/kiosk/...` adds a way back to the screen that
 * linked here (same-origin paths only, so the link cannot send anyone elsewhere).
 */
import { LanguageSwitch } from '../../shared/components/language-switch.tsx';
import { PrivacyNotice } from '../../shared/components/privacy-notice.tsx';
import { useTranslate } from '../../shared/i18n/language-context.tsx';
import { privacyMessages } from '../../shared/i18n/messages/privacy.ts';
import './privacy.css';

function backPath(search: string): string | null {
  const back = new URLSearchParams(search).get('back');
  return back && back.startsWith('/') && !back.startsWith('//') && !back.includes('\\') ? back : null;
}

export function PrivacyPage() {
  const t = useTranslate(privacyMessages);
  const back = backPath(window.location.search);
  return (
    <>
      <header className="app-header">
        <h1>{t('title')}</h1>
        <div className="tools">
          <LanguageSwitch />
        </div>
      </header>
      <main className="privacy-page card">
        <PrivacyNotice sectionLevel={2} />
        {back ? (
          <p>
            <a className="privacy-back" href={back}>
              {t('back')}
            </a>
          </p>
        ) : null}
      </main>
    </>
  );
}
