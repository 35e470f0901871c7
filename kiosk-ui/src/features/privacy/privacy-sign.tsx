/**
 * `/privacy/?sign=1` (A4) or `?sign=a3`: the notice for the branch's entrance, in Chinese and
 * English side by side on one printed page, with a QR code to the full notice. Print it from the
 * browser: the stylesheet names the paper size (privacy.css, `@page sign-a4` / `sign-a3`).
 */
import { QrCode } from '../../shared/components/qr-code.tsx';
import { PrivacyNotice } from '../../shared/components/privacy-notice.tsx';
import type { PrivacyConfig } from '../../shared/api/privacy-api.ts';
import { translator } from '../../shared/i18n/catalogue.ts';
import { privacyMessages } from '../../shared/i18n/messages/privacy.ts';

export type Paper = 'a4' | 'a3';

const zh = translator(privacyMessages, 'zh-CN');
const en = translator(privacyMessages, 'en');

export function PrivacySign({ config, paper }: { config: PrivacyConfig | null; paper: Paper }) {
  const url = `${window.location.origin}/privacy/`;
  return (
    <main className={`privacy-sign paper-${paper}`} data-testid="privacy-sign">
      <header className="privacy-sign-header">
        <h1>
          <span lang="zh-CN">{zh('signTitle')}</span>
          <span lang="en">{en('signTitle')}</span>
        </h1>
        {config ? <p className="privacy-sign-branch">{`${config.branch.nameZh} · ${config.branch.name}`}</p> : null}
      </header>
      <div className="privacy-sign-columns">
        <section lang="zh-CN">
          <h2>{zh('title')}</h2>
          <PrivacyNotice sectionLevel={3} config={config} language="zh-CN" compact />
        </section>
        <section lang="en">
          <h2>{en('title')}</h2>
          <PrivacyNotice sectionLevel={3} config={config} language="en" compact />
        </section>
      </div>
      <footer className="privacy-sign-footer">
        <QrCode text={url} label={`${zh('scanToRead')} · ${en('scanToRead')}`} size={110} />
        <p>
          <span lang="zh-CN">{zh('scanToRead')}</span> · <span lang="en">{en('scanToRead')}</span>
          <br />
          {url}
        </p>
      </footer>
    </main>
  );
}
