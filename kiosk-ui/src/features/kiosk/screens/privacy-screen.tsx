/** The privacy notice inside the kiosk, so reading it keeps the idle reset and the way home. */
import { PrivacyNotice } from '../../../shared/components/privacy-notice.tsx';
import { usePrivacyConfig } from '../../../shared/hooks/use-privacy-config.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { ScreenFrame } from '../components/screen-frame.tsx';

export function PrivacyScreen() {
  const t = useTranslate(kioskMessages);
  const config = usePrivacyConfig();
  return (
    <ScreenFrame title={t('privacyTitle')} className="privacy">
      <PrivacyNotice sectionLevel={3} config={config} />
    </ScreenFrame>
  );
}
