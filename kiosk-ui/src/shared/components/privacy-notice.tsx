/**
 * The privacy notice's text, shown on /privacy/, inside the kiosk and on the entrance sign; the
 * caller shows its title. `config` is the branch's configuration (usePrivacyConfig): which zones
 * analyse expressions, how long records are kept, whom to ask; null until it arrives, when the
 * notice says what holds in every branch. `language` fixes the language (the bilingual sign);
 * `compact` leaves out the introduction and the ticket and feedback details (the sign links to them).
 */
import type { PrivacyConfig } from '../api/privacy-api.ts';
import { translator } from '../i18n/catalogue.ts';
import { useLanguage } from '../i18n/language-context.tsx';
import type { Language } from '../i18n/language.ts';
import { privacyMessages } from '../i18n/messages/privacy.ts';

interface PrivacyNoticeProps {
  sectionLevel: 2 | 3;
  config: PrivacyConfig | null;
  language?: Language;
  compact?: boolean;
}

export function PrivacyNotice({ sectionLevel, config, language, compact = false }: PrivacyNoticeProps) {
  const current = useLanguage().language;
  const lang = language ?? current;
  const t = translator(privacyMessages, lang);
  const Section = sectionLevel === 2 ? 'h2' : 'h3';
  const zoneNames = config?.expressionZones.map((zone) => (lang === 'zh-CN' ? zone.nameZh : zone.nameEn)).join(lang === 'zh-CN' ? '、' : ', ');
  const expressions = !config ? t('expressionDefault') : zoneNames ? t('expressionOn', { zones: zoneNames }) : t('expressionOff');
  return (
    <article className="privacy-notice" lang={lang}>
      {compact ? null : <p>{t('intro')}</p>}
      <Section>{t('camerasTitle')}</Section>
      <ul>
        <li>{t('camerasCount')}</li>
        <li>{t('camerasDistress')}</li>
      </ul>
      <Section>{t('notTitle')}</Section>
      <ul>
        <li>{t('camerasFrames')}</li>
        <li>{t('camerasNoIdentity')}</li>
      </ul>
      <Section>{t('expressionTitle')}</Section>
      <p data-testid="privacy-expressions">{expressions}</p>
      <Section>{t('kioskTitle')}</Section>
      <ul>
        <li>{t('kioskSessions')}</li>
        {compact ? null : <li>{t('kioskTickets')}</li>}
        {compact ? null : <li>{t('kioskFeedback')}</li>}
      </ul>
      <Section>{t('retentionTitle')}</Section>
      <p data-testid="privacy-retention">{config ? t('retentionDays', { days: config.retention.rawDays, textDays: config.retention.freeTextDays }) : t('retention')}</p>
      <p data-testid="privacy-contact">{config?.contact ? t('contactBranch', { contact: config.contact }) : t('contact')}</p>
    </article>
  );
}
