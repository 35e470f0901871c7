/**
 * The staff member's phone (`/staff/`, portrait): their status and zone, and the tasks dispatch
 * sends them, live, with sound and vibration for a new one. Nothing is lost across a reload or a
 * reconnect: the hub sends the whole list again on every connect.
 */
import { useMemo, useState } from 'react';
import type { Refusal } from '../../shared/api/authed-socket.ts';
import { useSession, type Login } from '../../shared/auth/session.ts';
import { StaffScreen } from '../../shared/components/staff-screen.tsx';
import type { StaffServerEvents } from '../../shared/api/dispatch-types.ts';
import { useLoad } from '../../shared/hooks/use-async.ts';
import { useAuthedSocket } from '../../shared/hooks/use-authed-socket.ts';
import { useLanguage, useTranslate } from '../../shared/i18n/language-context.tsx';
import { localName } from '../../shared/i18n/language.ts';
import { commonMessages } from '../../shared/i18n/messages/common.ts';
import { staffMessages } from '../../shared/i18n/messages/staff.ts';
import { staffApi } from './api/staff-api.ts';
import { PresencePanel } from './components/presence-panel.tsx';
import { TaskCard } from './components/task-card.tsx';
import { useMyDispatches } from './hooks/use-my-dispatches.ts';
import { useMyPresence } from './hooks/use-my-presence.ts';
import { TaskNotifier } from './notify.ts';
import './staff.css';

/** The roles the hub lets onto the `/staff` socket (a floor manager with a staff record too). */
const STAFF_ROLES = ['staff', 'floor'];
const STORAGE_KEY = 'tp.staff.login';

function StaffDesk({ login, onRefused, notifier }: { login: Login; onRefused(refusal?: Refusal): void; notifier: TaskNotifier }) {
  const t = useTranslate(staffMessages);
  const common = useTranslate(commonMessages);
  const { language } = useLanguage();
  const api = useMemo(() => staffApi(login.token), [login.token]);
  const zones = useLoad(api.zones, [api]);
  // One socket for the person's dispatches and presence.
  const socket = useAuthedSocket<StaffServerEvents>('/staff', login.token, onRefused);
  const [presence, setPresence] = useMyPresence(api, socket, onRefused);
  const { tasks, reload } = useMyDispatches(api, socket, onRefused, () => notifier.notify());
  const zoneList = zones.status === 'done' ? zones.value : [];
  const zoneName = (zoneId: string) => {
    const zone = zoneList.find((candidate) => candidate.id === zoneId);
    return zone ? localName(zone, language) : zoneId;
  };
  return (
    <>
      <section className="staff-panel" aria-labelledby="tasks-title" aria-live="polite">
        <h2 id="tasks-title">{t('tasksTitle')}</h2>
        {tasks === null ? <p aria-busy="true">{common('loading')}</p> : null}
        {tasks?.length === 0 ? <p data-testid="no-tasks">{t('noTasks')}</p> : null}
        <ul className="task-list" role="list">
          {tasks?.map((task) => <TaskCard key={task.id} api={api} task={task} zoneName={zoneName} onChanged={reload} />)}
        </ul>
      </section>
      <PresencePanel api={api} zones={zoneList} presence={presence} onChanged={setPresence} />
    </>
  );
}

export function StaffApp() {
  const t = useTranslate(staffMessages);
  const session = useSession(STORAGE_KEY);
  const notifier = useMemo(() => new TaskNotifier(), []);
  const [soundOn, setSoundOn] = useState(false);
  const soundButton = (
    <button type="button" className="tool-button" aria-pressed={soundOn} disabled={soundOn} onClick={() => void notifier.allowSound().then(() => setSoundOn(true))}>
      {soundOn ? t('soundIsOn') : t('soundOn')}
    </button>
  );
  return (
    <StaffScreen page="staff" title={t('title')} session={session} roles={STAFF_ROLES} tools={soundButton} nameBelow>
      {(login) => <StaffDesk login={login} onRefused={session.refused} notifier={notifier} />}
    </StaffScreen>
  );
}
