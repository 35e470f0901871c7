/**
 * The lobby display (`/display/`): the latest call large, the calls before it, and how many
 * wait for each service with the expected wait. Live from socket.io `/queue`; every call chimes
 * and is spoken in the customer's language and then the other one.
 */
import { useEffect, useMemo, useState } from 'react';
import { apiRequest } from '../../shared/api/http.ts';
import type { Board, ServiceSummary } from '../../shared/api/queue-types.ts';
import { LanguageSwitch } from '../../shared/components/language-switch.tsx';
import { OfflineBanner } from '../../shared/components/offline-banner.tsx';
import { useLoad } from '../../shared/hooks/use-async.ts';
import { useQueueEvent, useQueueSocket } from '../../shared/hooks/use-queue-socket.ts';
import { useTranslate } from '../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../shared/i18n/messages/common.ts';
import { displayMessages } from '../../shared/i18n/messages/display.ts';
import { Announcer } from './announcer.ts';
import { Chime } from '../../shared/chime.ts';
import { CallsPanel } from './components/calls-panel.tsx';
import { WaitingPanel } from './components/waiting-panel.tsx';
import { Clock } from './components/clock.tsx';
import './display.css';

export function DisplayApp() {
  const t = useTranslate(displayMessages);
  const common = useTranslate(commonMessages);
  const [board, setBoard] = useState<Board | null>(null);
  const chime = useMemo(() => new Chime(), []);
  const announcer = useMemo(() => new Announcer(chime), [chime]);
  const [soundLocked, setSoundLocked] = useState(() => chime.locked);
  const socket = useQueueSocket();
  // Names come from the services list; reloaded on reconnect in case the branch changed them.
  const [connections, setConnections] = useState(0);
  const services = useLoad(() => apiRequest<ServiceSummary[]>('/queue/services'), [connections]);

  useQueueEvent(socket, 'board', setBoard);
  useQueueEvent(socket, 'call', (call) => announcer.announce(call));
  useEffect(() => {
    if (!socket) return;
    const connected = () => setConnections((count) => count + 1);
    socket.on('connect', connected);
    return () => {
      socket.off('connect', connected);
    };
  }, [socket]);

  const names = new Map(services.status === 'done' ? services.value.map((service) => [service.id, service]) : []);
  return (
    <div className="display">
      <header className="app-header">
        <h1>{t('title')}</h1>
        <Clock />
        <div className="tools">
          {soundLocked ? (
            <button type="button" className="tool-button" onClick={() => void chime.unlock().then(() => setSoundLocked(chime.locked))}>
              {t('soundOn')}
            </button>
          ) : null}
          <LanguageSwitch />
        </div>
      </header>
      <OfflineBanner />
      <main className="display-main">
        <CallsPanel calls={board?.calls ?? []} />
        <WaitingPanel services={board?.services ?? []} names={names} />
      </main>
      <footer className="app-footer display-footer">
        {t('cameraNotice')} {common('privacy')}: {`${window.location.origin}/privacy/`}
      </footer>
    </div>
  );
}
