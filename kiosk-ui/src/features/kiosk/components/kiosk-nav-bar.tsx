/** Back and Home at the bottom, where a hand reaches them; hidden on the home screen. */
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { useKiosk } from '../kiosk-context.ts';
import { BackIcon, HomeIcon } from './icons.tsx';

export function KioskNavBar() {
  const t = useTranslate(kioskMessages);
  const { nav } = useKiosk();
  if (nav.screen.kind === 'home') return null;
  return (
    <nav className="kiosk-nav" aria-label={t('home')}>
      {nav.canGoBack ? (
        <button type="button" className="nav-button" onClick={nav.back}>
          <BackIcon />
          {t('back')}
        </button>
      ) : null}
      <button type="button" className="nav-button" onClick={nav.home}>
        <HomeIcon />
        {t('home')}
      </button>
    </nav>
  );
}
