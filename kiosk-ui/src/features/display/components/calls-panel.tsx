/** The latest call, large, and the ones before it. A new call is highlighted for a moment. */
import type { BoardCall } from '../../../shared/api/queue-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { displayMessages } from '../../../shared/i18n/messages/display.ts';

function counterName(call: BoardCall, zh: boolean): string {
  return zh ? call.counterNameZh : call.counterNameEn;
}

export function CallsPanel({ calls }: { calls: BoardCall[] }) {
  const t = useTranslate(displayMessages);
  const zh = useLanguage().language === 'zh-CN';
  const [latest, ...earlier] = calls;
  return (
    <section className="calls-panel" aria-labelledby="calls-title">
      <h2 id="calls-title" className="visually-hidden">
        {t('title')}
      </h2>
      {latest ? (
        <div className="latest-call" key={`${latest.number}-${latest.calledAt}`} role="status" aria-live="assertive" data-testid="latest-call">
          <span className="latest-number" data-testid="latest-number">{latest.number}</span>
          <span className="latest-where">
            <span aria-hidden="true">→ </span>
            <span data-testid="latest-counter">{counterName(latest, zh)}</span>
          </span>
        </div>
      ) : (
        <p className="no-calls">{t('noCalls')}</p>
      )}
      {earlier.length > 0 ? (
        <>
          <h3 className="earlier-title">{t('recentCalls')}</h3>
          <table className="earlier-calls">
            <thead>
              <tr>
                <th scope="col">{t('ticket')}</th>
                <th scope="col">{t('counter')}</th>
              </tr>
            </thead>
            <tbody>
              {earlier.map((call) => (
                <tr key={`${call.number}-${call.calledAt}`}>
                  <td className="earlier-number">{call.number}</td>
                  <td>{counterName(call, zh)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
