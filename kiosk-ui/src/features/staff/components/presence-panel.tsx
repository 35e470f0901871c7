/** Available, busy or on break, and the zone the person is in: what dispatch ranks them by. */
import type { PresenceStatus, PresenceView, ZoneInfo } from '../../../shared/api/dispatch-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { dispatchMessages } from '../../../shared/i18n/messages/dispatch.ts';
import { staffMessages } from '../../../shared/i18n/messages/staff.ts';
import type { StaffApi } from '../api/staff-api.ts';
import { useStaffAction } from '../hooks/use-staff-action.ts';

const CHOICES: PresenceStatus[] = ['available', 'busy', 'break'];

export function PresencePanel({ api, zones, presence, onChanged }: { api: StaffApi; zones: ZoneInfo[]; presence: PresenceView | null; onChanged(presence: PresenceView): void }) {
  const t = useTranslate(staffMessages);
  const words = useTranslate(dispatchMessages);
  const { language } = useLanguage();
  const action = useStaffAction<PresenceView>();
  const set = async (status: PresenceStatus, zoneId: string | null) => {
    const answer = await action.run(() => api.setPresence(status, zoneId));
    if (answer) onChanged(answer);
  };
  const zoneId = presence?.zoneId ?? null;
  return (
    <section className="card staff-panel" aria-labelledby="presence-title">
      <h2 id="presence-title">{t('presenceTitle')}</h2>
      {!presence || presence.status === 'off-shift' ? <p>{t('presenceUnknown')}</p> : null}
      <div className="presence-choices" role="group" aria-labelledby="presence-title">
        {CHOICES.map((status) => (
          <button
            key={status}
            type="button"
            className={`presence-choice presence-${status}`}
            aria-pressed={presence?.status === status}
            disabled={action.busy}
            data-testid={`presence-${status}`}
            onClick={() => void set(status, zoneId)}
          >
            {words(`presence.${status}`)}
          </button>
        ))}
      </div>
      <label className="zone-choice">
        <span>{t('myZone')}</span>
        <select
          value={zoneId ?? ''}
          disabled={action.busy}
          data-testid="presence-zone"
          onChange={(event) => void set(presence && presence.status !== 'off-shift' ? presence.status : 'available', event.target.value || null)}
        >
          <option value="">{t('noZoneChosen')}</option>
          {zones.map((zone) => (
            <option key={zone.id} value={zone.id}>
              {localName(zone, language)}
            </option>
          ))}
        </select>
      </label>
      {action.problem ? (
        <p className="error-text" role="alert">
          {action.problem}
        </p>
      ) : null}
    </section>
  );
}
