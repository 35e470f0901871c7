/**
 * One dispatch on the phone: what, where and why, and the next step — accept or decline an
 * offer, say you are there, then say it is resolved and what you found or did.
 */
import { useState } from 'react';
import type { DispatchView } from '../../../shared/api/dispatch-types.ts';
import { alertKindName, bilingual, severityName } from '../../../shared/format/alert-words.ts';
import { formatClock } from '../../../shared/format/time.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { dispatchMessages } from '../../../shared/i18n/messages/dispatch.ts';
import { staffMessages } from '../../../shared/i18n/messages/staff.ts';
import type { StaffApi } from '../api/staff-api.ts';
import { useStaffAction } from '../hooks/use-staff-action.ts';

const OUTCOME_MAX = 500;

function ResolveForm({ onResolve, busy }: { onResolve(outcome: string): void; busy: boolean }) {
  const t = useTranslate(staffMessages);
  const [outcome, setOutcome] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <form
      className="resolve-form"
      onSubmit={(event) => {
        event.preventDefault();
        const text = outcome.trim();
        setMissing(!text);
        if (text) onResolve(text);
      }}
    >
      <label>
        <span>{t('outcomeLabel')}</span>
        <textarea name="outcome" rows={3} maxLength={OUTCOME_MAX} value={outcome} onChange={(event) => setOutcome(event.target.value)} />
      </label>
      {missing ? (
        <p className="error-text" role="alert">
          {t('outcomeRequired')}
        </p>
      ) : null}
      <button type="submit" className="button-primary" disabled={busy}>
        {t('resolved')}
      </button>
    </form>
  );
}

export function TaskCard({ api, task, zoneName, onChanged }: { api: StaffApi; task: DispatchView; zoneName(zoneId: string): string; onChanged(): void }) {
  const t = useTranslate(staffMessages);
  const words = useTranslate(dispatchMessages);
  const { language } = useLanguage();
  const action = useStaffAction<DispatchView>();
  const { alert } = task;
  const act = async (call: () => Promise<DispatchView>) => {
    if (await action.run(call)) onChanged();
  };
  return (
    <li className={`card task-card task-${task.status} severity-${alert.severity}`} data-testid={`task-${task.id}`} data-status={task.status}>
      <div className="task-head">
        {task.status === 'offered' ? <span className="pill severity-pill-high">{t('newTask')}</span> : <span className="pill">{words(`status.${task.status}`)}</span>}
        <span className={`pill severity-pill-${alert.severity}`}>{severityName(words, alert.severity)}</span>
      </div>
      <h3 data-testid="task-what">{alertKindName(words, alert.kind)}</h3>
      <p>
        <strong>{t('where')}:</strong> <span data-testid="task-where">{alert.zoneId ? zoneName(alert.zoneId) : words('noZone')}</span>
      </p>
      {alert.reason ? (
        <p>
          <strong>{t('why')}:</strong> <span data-testid="task-why">{bilingual(alert.reason, language)}</span>
        </p>
      ) : null}
      {task.status === 'offered' && task.offerExpiresAt ? <p className="task-deadline">{t('answerBy', { time: formatClock(task.offerExpiresAt, language) })}</p> : null}
      <div className="task-actions">
        {task.status === 'offered' ? (
          <>
            <button type="button" className="button-primary" disabled={action.busy} onClick={() => void act(() => api.step(task.id, 'accept'))}>
              {t('accept')}
            </button>
            <button type="button" disabled={action.busy} onClick={() => void act(() => api.step(task.id, 'decline'))}>
              {t('decline')}
            </button>
          </>
        ) : null}
        {task.status === 'accepted' ? (
          <button type="button" className="button-primary" disabled={action.busy} onClick={() => void act(() => api.step(task.id, 'arrived'))}>
            {t('arrived')}
          </button>
        ) : null}
      </div>
      {task.status === 'arrived' ? <ResolveForm busy={action.busy} onResolve={(outcome) => void act(() => api.resolve(task.id, outcome))} /> : null}
      {action.problem ? (
        <p className="error-text" role="alert">
          {action.problem}
        </p>
      ) : null}
    </li>
  );
}
