/**
 * One alert's whole story (GET /api/v1/alerts/:id: its steps and its dispatch), reloaded as it
 * changes, with the manager's overrides: send a chosen person, cancel the dispatch, acknowledge,
 * resolve.
 */
import { useState } from 'react';
import type { AlertDetail as Detail } from '../../../shared/api/dispatch-types.ts';
import { ModalDialog } from '../../../shared/components/modal-dialog.tsx';
import { alertKindName, bilingual, severityName } from '../../../shared/format/alert-words.ts';
import { formatClock } from '../../../shared/format/time.ts';
import { useLoad } from '../../../shared/hooks/use-async.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { dispatchMessages } from '../../../shared/i18n/messages/dispatch.ts';
import { floorMessages } from '../../../shared/i18n/messages/floor.ts';
import { useFloor } from '../floor-context.ts';
import { useFloorAction } from '../hooks/use-floor-action.ts';

const DISPATCH_LIVE = new Set(['offered', 'accepted', 'arrived', 'escalated']);

function Story({ detail }: { detail: Detail }) {
  const t = useTranslate(floorMessages);
  const words = useTranslate(dispatchMessages);
  const { language } = useLanguage();
  const { staffName } = useFloor();
  if (detail.steps.length === 0) return <p>{t('storyEmpty')}</p>;
  return (
    <ol className="alert-story" data-testid="alert-story">
      {detail.steps.map((step, index) => (
        <li key={`${step.at}-${index}`} data-step={step.kind}>
          <time dateTime={step.at}>{formatClock(step.at, language)}</time> <strong>{words(`step.${step.kind}`)}</strong>
          {step.staffId ? ` · ${staffName(step.staffId)}` : null}
          {step.detail ? ` · ${step.detail}` : null}
        </li>
      ))}
    </ol>
  );
}

function Overrides({ detail, onChanged }: { detail: Detail; onChanged(): void }) {
  const t = useTranslate(floorMessages);
  const { api, staff } = useFloor();
  const action = useFloorAction();
  const [chosen, setChosen] = useState('');
  const dispatch = detail.dispatch;
  const act = async (call: () => Promise<unknown>) => {
    if (await action.run(call)) onChanged();
  };
  return (
    <div className="alert-overrides">
      {dispatch && DISPATCH_LIVE.has(dispatch.status) ? (
        <div className="alert-actions">
          <label>
            <span>{t('reassignTo')}</span>{' '}
            <select value={chosen} onChange={(event) => setChosen(event.target.value)} data-testid="reassign-to">
              <option value="">{t('choosePerson')}</option>
              {staff
                .filter((person) => person.staffId !== dispatch.staffId)
                .map((person) => (
                  <option key={person.staffId} value={person.staffId}>
                    {person.displayName}
                  </option>
                ))}
            </select>
          </label>
          <button type="button" className="button-primary" disabled={!chosen || action.busy} onClick={() => void act(() => api.reassign(dispatch.id, chosen))}>
            {t('reassign')}
          </button>
          <button type="button" className="button-danger" disabled={action.busy} onClick={() => void act(() => api.cancel(dispatch.id))}>
            {t('cancelDispatch')}
          </button>
        </div>
      ) : null}
      {detail.status !== 'resolved' ? (
        <div className="alert-actions">
          {detail.status === 'open' ? (
            <button type="button" disabled={action.busy} onClick={() => void act(() => api.actOnAlert(detail.id, 'acknowledge'))}>
              {t('acknowledge')}
            </button>
          ) : null}
          <button type="button" disabled={action.busy} onClick={() => void act(() => api.actOnAlert(detail.id, 'resolve'))}>
            {t('resolve')}
          </button>
        </div>
      ) : null}
      {action.problem ? (
        <p className="error-text" role="alert">
          {action.problem}
        </p>
      ) : null}
    </div>
  );
}

/** `revision` changes whenever the alert or its dispatch changes, which reloads the story. */
export function AlertDetail({ alertId, revision, onClose }: { alertId: string; revision: string; onClose(): void }) {
  const t = useTranslate(floorMessages);
  const common = useTranslate(commonMessages);
  const words = useTranslate(dispatchMessages);
  const { language } = useLanguage();
  const { api, zoneName, dispatchText } = useFloor();
  const loaded = useLoad(() => api.alert(alertId), [api, alertId, revision]);
  const detail = loaded.status === 'done' ? loaded.value : null;
  return (
    <ModalDialog open labelledBy="alert-detail-title" onCancel={onClose}>
      <div className="alert-detail" data-testid="alert-detail" data-status={detail?.status}>
        <h2 id="alert-detail-title">
          {detail ? `${alertKindName(words, detail.kind)} · ${detail.zoneId ? zoneName(detail.zoneId) : words('noZone')}` : t('detailTitle')}
        </h2>
        {loaded.status === 'error' ? <p className="error-text">{common('errorNetwork')}</p> : null}
        {detail ? (
          <>
            <p>
              <span className={`pill severity-pill-${detail.severity}`}>{severityName(words, detail.severity)}</span>{' '}
              {detail.dispatch ? (
                <span data-testid="detail-dispatch">{dispatchText(detail.dispatch)}</span>
              ) : null}
            </p>
            {detail.reason ? <p>{bilingual(detail.reason, language)}</p> : null}
            {detail.suggestion ? (
              <p>
                <strong>{t('suggestion')}:</strong> {bilingual(detail.suggestion, language)}
              </p>
            ) : null}
            {detail.outcome ? <p data-testid="detail-outcome">{t('outcome', { text: detail.outcome })}</p> : null}
            <h3>{t('storyTitle')}</h3>
            <Story detail={detail} />
            <Overrides detail={detail} onChanged={loaded.reload} />
          </>
        ) : null}
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </ModalDialog>
  );
}
