/** A branch's incidents in the period by kind, most frequent first. */
import type { BranchKpis } from '../../../shared/api/hq-types.ts';
import { alertKindName } from '../../../shared/format/alert-words.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { dispatchMessages } from '../../../shared/i18n/messages/dispatch.ts';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatCount } from '../format.ts';

export function IncidentKinds({ distress }: { distress: BranchKpis['distress'] }) {
  const t = useTranslate(hqMessages);
  const kinds = useTranslate(dispatchMessages);
  const { language } = useLanguage();
  const counts = Object.entries(distress)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .sort(([, a], [, b]) => b - a);
  return (
    <section className="card" aria-labelledby="incident-kinds-title">
      <h3 id="incident-kinds-title">{t('incidentsTitle')}</h3>
      {counts.length === 0 ? (
        <p className="muted">{t('noIncidents')}</p>
      ) : (
        <table className="data-table" data-testid="incident-kinds">
          <thead>
            <tr>
              <th scope="col">{t('kind')}</th>
              <th scope="col" className="num">{t('count')}</th>
            </tr>
          </thead>
          <tbody>
            {counts.map(([kind, count]) => (
              <tr key={kind} data-kind={kind}>
                <th scope="row">
                  <span className={`legend-swatch swatch-kind-${kind}`} aria-hidden="true" />
                  {alertKindName(kinds, kind)}
                </th>
                <td className="num">{formatCount(count, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
