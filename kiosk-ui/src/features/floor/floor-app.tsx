/**
 * The floor manager's tablet (`/floor/`, landscape): zones with live counts and predicted waits,
 * counters, staff, the open alerts most severe first with one-tap overrides, each alert's whole
 * story, the day's timeline, and an alarm for a new high-severity alert.
 */
import { useCallback, useMemo, useState } from 'react';
import type { Refusal } from '../../shared/api/authed-socket.ts';
import { ALERT_TONES, Chime } from '../../shared/chime.ts';
import { useSession, type Login } from '../../shared/auth/session.ts';
import { StaffScreen } from '../../shared/components/staff-screen.tsx';
import { useQueueEvent, useQueueSocket } from '../../shared/hooks/use-queue-socket.ts';
import { useSocketEvent } from '../../shared/hooks/use-authed-socket.ts';
import { useLanguage, useTranslate } from '../../shared/i18n/language-context.tsx';
import { localName } from '../../shared/i18n/language.ts';
import { dispatchMessages } from '../../shared/i18n/messages/dispatch.ts';
import { floorMessages } from '../../shared/i18n/messages/floor.ts';
import { floorApi } from './api/floor-api.ts';
import { AlertDetail } from './components/alert-detail.tsx';
import { AlertList } from './components/alert-list.tsx';
import { CountersPanel } from './components/counters-panel.tsx';
import { DayTimeline } from './components/day-timeline.tsx';
import { StaffBoard } from './components/staff-board.tsx';
import { ZoneTiles } from './components/zone-tiles.tsx';
import { FloorContext, type FloorContextValue } from './floor-context.ts';
import { alertsBySeverity } from './floor-state.ts';
import { useFloorFeed } from './hooks/use-floor-feed.ts';
import { useLiveLoad } from './hooks/use-live-load.ts';
import './floor.css';

/** The roles the hub lets onto the `/floor` socket (hub/realtime). */
const FLOOR_ROLES = ['admin', 'floor'];
const STORAGE_KEY = 'tp.floor.login';

function FloorBoard({ login, onRefused, chime, soundOn }: { login: Login; onRefused(refusal?: Refusal): void; chime: Chime; soundOn: boolean }) {
  const t = useTranslate(floorMessages);
  const words = useTranslate(dispatchMessages);
  const { language } = useLanguage();
  const api = useMemo(() => floorApi(login.token), [login.token]);
  const alarm = useCallback(() => {
    if (soundOn) void chime.play();
  }, [chime, soundOn]);
  const { state, socket } = useFloorFeed(api, login.token, onRefused, alarm);
  const zones = useLiveLoad(api.zones, onRefused);
  const services = useLiveLoad(api.services, onRefused);
  const counters = useLiveLoad(api.counters, onRefused);
  const staff = useLiveLoad(api.staffBoard, onRefused);
  const [openAlert, setOpenAlert] = useState<string | null>(null);

  const queue = useQueueSocket();
  useQueueEvent(queue, 'board', () => {
    services.refresh();
    counters.refresh();
  });
  useSocketEvent(socket, 'staff', staff.refresh);
  useSocketEvent(socket, 'dispatch', staff.refresh);
  // A snapshot starts every (re)connect: what changed meanwhile is loaded again.
  useSocketEvent(socket, 'snapshot', () => {
    staff.refresh();
    services.refresh();
    counters.refresh();
  });

  const context = useMemo<FloorContextValue>(() => {
    const zoneList = zones.data ?? [];
    const people = staff.data ?? [];
    const staffName = (staffId: string | null) => people.find((person) => person.staffId === staffId)?.displayName ?? staffId ?? '';
    return {
      api,
      staff: people,
      zoneName: (zoneId) => {
        const zone = zoneList.find((candidate) => candidate.id === zoneId);
        return zone ? localName(zone, language) : (zoneId ?? '');
      },
      staffName,
      dispatchText: (dispatch) => {
        const status = words(`status.${dispatch.status}`);
        return dispatch.staffId ? t('dispatchWith', { status, name: staffName(dispatch.staffId) }) : status;
      },
    };
  }, [api, zones.data, staff.data, language, t, words]);

  const detailed = openAlert ? state.alerts[openAlert] : undefined;
  const detailDispatch = openAlert ? state.dispatches[openAlert] : undefined;
  // Gone from the open alerts (resolved) counts as a change too: `detailed` becomes undefined.
  const revision = [detailed?.status, detailed?.updatedAt, detailDispatch?.status, detailDispatch?.staffId].join('|');

  return (
    <FloorContext value={context}>
      <div className="floor-grid">
        <div className="floor-column">
          <AlertList alerts={alertsBySeverity(state.alerts)} dispatches={state.dispatches} onOpen={setOpenAlert} />
          <DayTimeline entries={state.timeline} onOpen={setOpenAlert} />
        </div>
        <div className="floor-column">
          <ZoneTiles zones={zones.data ?? []} live={state.zones} services={services.data ?? []} nodes={Object.values(state.nodes)} />
          <CountersPanel counters={counters.data ?? []} />
        </div>
        <div className="floor-column">
          <StaffBoard staff={staff.data ?? []} alerts={state.alerts} />
        </div>
      </div>
      {openAlert ? <AlertDetail alertId={openAlert} revision={revision} onClose={() => setOpenAlert(null)} /> : null}
    </FloorContext>
  );
}

export function FloorApp() {
  const t = useTranslate(floorMessages);
  const session = useSession(STORAGE_KEY);
  const chime = useMemo(() => new Chime(ALERT_TONES), []);
  const [soundOn, setSoundOn] = useState(false);
  const soundButton = (
    <button type="button" className="tool-button" aria-pressed={soundOn} disabled={soundOn} onClick={() => void chime.unlock().then(() => setSoundOn(true))}>
      {soundOn ? t('soundIsOn') : t('soundOn')}
    </button>
  );
  return (
    <StaffScreen page="floor" title={t('title')} session={session} roles={FLOOR_ROLES} tools={soundButton}>
      {(login) => <FloorBoard login={login} onRefused={session.refused} chime={chime} soundOn={soundOn} />}
    </StaffScreen>
  );
}
