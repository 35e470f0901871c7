/**
 * The open alerts, most severe first, each with why it opened, what could be done, who is on
 * it, and one tap to acknowledge, resolve or open its whole story.
 */
import type { AlertView } from '../../../shared/api/dispatch-types.ts';
import { alertKindName, bilingual, severityName } from '../../../shared/format/alert-words.ts';
import { formatClock } from '../../../shared/format/time.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { dispatchMessages } from '../../../shared/i18n/messages/dispatch.ts';
import { floorMessages } from '../../../shared/i18n/messages/floor.ts';
import { useFloor } from '../floor-context.ts';
import type { DispatchSummary } from '../floor-state.ts';
import { useFloorAction } from '../hooks/use-floor-action.ts';

function AlertItem({ alert, dispatch, onOpen }: { alert: AlertView; dispatch: DispatchSummary | undefined; onOpen(): void }) {
  const t = useTranslate(floorMessages);
  const words = useTranslate(dispatchMessages);
  const { language } = useLanguage();
  const { api, zoneName, dispatchText } = useFloor();
  const action = useFloorAction();
  const suggestion = bilingual(alert.suggestion, language);
  return (
    <li className={`alert-item severity-${alert.severity}`} data-testid={`alert-${alert.id}`} data-kind={alert.kind}>
      <div className="alert-head">
        <span className={`pill severity-pill-${alert.severity}`}>{severityName(words, alert.severity)}</span>
        <strong>{alertKindName(words, alert.kind)}</strong>
        <span>{alert.zoneId ? zoneName(alert.zoneId) : words('noZone')}</span>
        <span className="row-detail">{t('openedAt', { time: formatClock(alert.openedAt, language) })}</span>
        {alert.status === 'acknowledged' ? <span className="pill pill-off">{t('acknowledged')}</span> : null}
      </div>
      {alert.reason ? <p className="alert-reason">{bilingual(alert.reason, language)}</p> : null}
      {suggestion ? (
        <p className="alert-suggestion">
          <strong>{t('suggestion')}:</strong> {suggestion}
        </p>
      ) : null}
      {dispatch ? (
        <p className="alert-dispatch" data-testid="alert-dispatch">
          {dispatchText(dispatch)}
        </p>
      ) : null}
      <div className="alert-actions">
        <button type="button" onClick={onOpen}>
          {t('details')}
        </button>
        {alert.status === 'open' ? (
          <button type="button" disabled={action.busy} onClick={() => void action.run(() => api.actOnAlert(alert.id, 'acknowledge'))}>
            {t('acknowledge')}
          </button>
        ) : null}
        <button type="button" disabled={action.busy} onClick={() => void action.run(() => api.actOnAlert(alert.id, 'resolve'))}>
          {t('resolve')}
        </button>
      </div>
      {action.problem ? (
        <p className="error-text" role="alert">
          {action.problem}
        </p>
      ) : null}
    </li>
  );
}

export function AlertList({ alerts, dispatches, onOpen }: { alerts: AlertView[]; dispatches: Record<string, DispatchSummary>; onOpen(alertId: string): void }) {
  const t = useTranslate(floorMessages);
  return (
    <section className="card floor-panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alertsTitle')}</h2>
      {alerts.length === 0 ? <p data-testid="no-alerts">{t('noAlerts')}</p> : null}
      <ul className="alert-list" role="list">
        {alerts.map((alert) => (
          <AlertItem key={alert.id} alert={alert} dispatch={dispatches[alert.id]} onOpen={() => onOpen(alert.id)} />
        ))}
      </ul>
    </section>
  );
}
