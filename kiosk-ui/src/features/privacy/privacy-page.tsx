/**
 * /privacy/: the branch privacy notice, with the branch's own settings (expression analysis, how
 * long records are kept, whom to ask). `?back=/kiosk/...` adds a way back to the screen that linked
 * here (same-origin paths only, so the link cannot send anyone elsewhere); `?sign=1` (or `a3`) is the
 * bilingual entrance sign to print (privacy-sign.tsx).
 */
import { LanguageSwitch } from '../../shared/components/language-switch.tsx';
import { PrivacyNotice } from '../../shared/components/privacy-notice.tsx';
import { usePrivacyConfig } from '../../shared/hooks/use-privacy-config.ts';
import { useTranslate } from '../../shared/i18n/language-context.tsx';
import { privacyMessages } from '../../shared/i18n/messages/privacy.ts';
import { PrivacySign, type Paper } from './privacy-sign.tsx';
import './privacy.css';

function backPath(search: string): string | null {
  const back = new URLSearchParams(search).get('back');
  return back && back.startsWith('/') && !back.startsWith('//') && !back.includes('\\') ? back : null;
}

function signPaper(search: string): Paper | null {
  const sign = new URLSearchParams(search).get('sign');
  if (!sign || sign === '0') return null;
  return sign.toLowerCase() === 'a3' ? 'a3' : 'a4';
}

export function PrivacyPage() {
  const t = useTranslate(privacyMessages);
  const config = usePrivacyConfig();
  const paper = signPaper(window.location.search);
  if (paper) return <PrivacySign config={config} paper={paper} />;
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
        <PrivacyNotice sectionLevel={2} config={config} />
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
