/** The privacy notice's text, shown on /privacy/ and inside the kiosk; the caller shows its title. */
import { privacyMessages } from '../i18n/messages/privacy.ts';
import { useTranslate } from '../i18n/language-context.tsx';

export function PrivacyNotice({ sectionLevel }: { sectionLevel: 2 | 3 }) {
  const t = useTranslate(privacyMessages);
  const Section = sectionLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="privacy-notice">
      <p>{t('intro')}</p>
      <Section>{t('camerasTitle')}</Section>
      <ul>
        <li>{t('camerasCount')}</li>
        <li>{t('camerasDistress')}</li>
        <li>{t('camerasFrames')}</li>
        <li>{t('camerasNoIdentity')}</li>
      </ul>
      <Section>{t('expressionTitle')}</Section>
      <p>{t('expressionOff')}</p>
      <Section>{t('kioskTitle')}</Section>
      <ul>
        <li>{t('kioskSessions')}</li>
        <li>{t('kioskTickets')}</li>
        <li>{t('kioskFeedback')}</li>
      </ul>
      <Section>{t('retentionTitle')}</Section>
      <p>{t('retention')}</p>
      <p>{t('contact')}</p>
    </article>
  );
}
