/**
 * The lobby kiosk (`/kiosk/?kiosk=kiosk-1`): big touch tiles for tickets, appointments,
 * self-help, calling a person and feedback; both languages, large text, high contrast, read
 * aloud. A kiosk nobody touches asks whether someone is still there, then forgets everything.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { OfflineBanner } from '../../shared/components/offline-banner.tsx';
import type { Board } from '../../shared/api/queue-types.ts';
import { useQueueEvent, useQueueSocket } from '../../shared/hooks/use-queue-socket.ts';
import { initialLanguage, useLanguage, useTranslate } from '../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../shared/i18n/messages/common.ts';
import { kioskMessages } from '../../shared/i18n/messages/kiosk.ts';
import { stopSpeaking } from '../../shared/speech.ts';
import { IdleDialog } from './components/idle-dialog.tsx';
import { KioskNavBar } from './components/kiosk-nav-bar.tsx';
import { KioskToolbar } from './components/kiosk-toolbar.tsx';
import { useIdleGuard } from './hooks/use-idle-guard.ts';
import { useKioskNavigation } from './hooks/use-kiosk-navigation.ts';
import { useKioskSettings } from './hooks/use-kiosk-settings.ts';
import { useKioskTelemetry } from './hooks/use-kiosk-telemetry.ts';
import { isDefault, usePreferences } from './hooks/use-preferences.ts';
import { useReadAloud } from './hooks/use-read-aloud.ts';
import { KioskContext, type KioskContextValue } from './kiosk-context.ts';
import { ScreenRouter } from './screens/screen-router.tsx';
import './kiosk.css';

export function KioskApp() {
  const t = useTranslate(kioskMessages);
  const common = useTranslate(commonMessages);
  const { language, setLanguage } = useLanguage();
  const [startLanguage] = useState(initialLanguage);
  const kioskId = new URLSearchParams(window.location.search).get('kiosk');
  const settings = useKioskSettings(kioskId);
  const { session, flush } = useKioskTelemetry(kioskId, settings.telemetryUrl);
  const nav = useKioskNavigation(session);
  const [preferences, togglePreference, resetPreferences] = usePreferences();
  const [board, setBoard] = useState<Board | null>(null);
  const socket = useQueueSocket();
  useQueueEvent(socket, 'board', setBoard);

  // Every screen shown gets a new key, so nothing of one screen's state outlives it.
  const screenKey = nav.step;
  const main = useRef<HTMLElement>(null);
  useReadAloud(preferences.readAloud, main, screenKey, language);

  const pristine = nav.screen.kind === 'home' && !session.open && isDefault(preferences) && language === startLanguage;
  const forget = useCallback(() => {
    nav.reset();
    resetPreferences();
    setLanguage(startLanguage);
    stopSpeaking();
  }, [nav, resetPreferences, setLanguage, startLanguage]);
  const guard = useIdleGuard({ enabled: !pristine, warnAfterS: settings.idleWarnS, resetAfterS: settings.idleResetS, onWarn: () => session.idleWarning(), onReset: forget });

  const context = useMemo<KioskContextValue>(() => ({ nav, session, flushTelemetry: flush, board }), [nav, session, flush, board]);
  return (
    <KioskContext value={context}>
      <div className="kiosk">
        <header className="app-header">
          <h1>{t('appTitle')}</h1>
          <KioskToolbar preferences={preferences} toggle={togglePreference} />
        </header>
        <OfflineBanner />
        <main ref={main} className="kiosk-main" key={screenKey}>
          <ScreenRouter screen={nav.screen} />
        </main>
        <KioskNavBar />
        <footer className="app-footer kiosk-footer">
          <button type="button" className="link-button" data-testid="privacy-link" disabled={nav.screen.kind === 'privacy'} onClick={() => nav.go({ kind: 'privacy' })}>
            {common('privacy')}
          </button>
        </footer>
        <IdleDialog guard={guard} />
      </div>
    </KioskContext>
  );
}
