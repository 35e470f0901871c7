/** Self-service at the branch's kiosks, per task: sessions, completed, completion rate. */
import type { BranchKpis, KioskTask } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatValue } from '../format.ts';

export function KioskTasks({ kiosk }: { kiosk: BranchKpis['kiosk'] }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const tasks = (Object.entries(kiosk.byTask) as Array<[KioskTask, NonNullable<BranchKpis['kiosk']['byTask'][KioskTask]>]>).sort(([, a], [, b]) => b.sessions - a.sessions);
  return (
    <section className="card" aria-labelledby="kiosk-title">
      <h3 id="kiosk-title">{t('kioskTitle')}</h3>
      {tasks.length === 0 ? (
        <p className="muted">{t('noKiosk')}</p>
      ) : (
        <table className="data-table" data-testid="kiosk-tasks">
          <thead>
            <tr>
              <th scope="col">{t('task')}</th>
              <th scope="col" className="num">{t('sessions')}</th>
              <th scope="col" className="num">{t('completed')}</th>
              <th scope="col" className="num">{t('completionRate')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map(([task, counts]) => (
              <tr key={task} data-task={task}>
                <th scope="row">{t(`task.${task}`)}</th>
                <td className="num">{formatValue('count', counts.sessions, t, language)}</td>
                <td className="num">{formatValue('count', counts.completed, t, language)}</td>
                <td className="num">{formatValue('rate', counts.completionRate, t, language)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('allTasks')}</th>
              <td className="num">{formatValue('count', kiosk.sessions, t, language)}</td>
              <td className="num">{formatValue('count', kiosk.completed, t, language)}</td>
              <td className="num">{formatValue('rate', kiosk.completionRate, t, language)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
