/** Who is on the floor: presence, zone and the dispatch each person holds. */
import type { AlertView, StaffBoardEntry } from '../../../shared/api/dispatch-types.ts';
import { alertKindName } from '../../../shared/format/alert-words.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { dispatchMessages } from '../../../shared/i18n/messages/dispatch.ts';
import { floorMessages } from '../../../shared/i18n/messages/floor.ts';
import { useFloor } from '../floor-context.ts';

export function StaffBoard({ staff, alerts }: { staff: StaffBoardEntry[]; alerts: Record<string, AlertView> }) {
  const t = useTranslate(floorMessages);
  const words = useTranslate(dispatchMessages);
  const { zoneName } = useFloor();
  return (
    <section className="card floor-panel" aria-labelledby="staff-title">
      <h2 id="staff-title">{t('staffTitle')}</h2>
      {staff.length === 0 ? <p>{t('nobodyOnBoard')}</p> : null}
      <ul className="floor-list" role="list">
        {staff.map((person) => {
          const held = person.dispatch ? alerts[person.dispatch.alertId] : undefined;
          return (
            <li key={person.staffId} className="floor-row" data-testid={`staff-${person.staffId}`}>
              <span className="row-name">{person.displayName}</span>
              <span className={`pill presence-${person.status}`} data-testid="presence">
                {words(`presence.${person.status}`)}
              </span>
              <span className="row-detail">
                {person.zoneId ? zoneName(person.zoneId) : null}
                {held ? ` · ${t('staffDispatch', { what: alertKindName(words, held.kind) })}` : null}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
