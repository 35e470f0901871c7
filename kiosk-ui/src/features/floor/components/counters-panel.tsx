/** Each counter: open or closed, who works it, and the ticket (and so the customer) at it now. */
import type { CounterView } from '../../../shared/api/queue-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { floorMessages } from '../../../shared/i18n/messages/floor.ts';

export function CountersPanel({ counters }: { counters: CounterView[] }) {
  const t = useTranslate(floorMessages);
  const { language } = useLanguage();
  return (
    <section className="card floor-panel" aria-labelledby="counters-title">
      <h2 id="counters-title">{t('countersTitle')}</h2>
      <ul className="floor-list" role="list">
        {counters.map((counter) => (
          <li key={counter.id} className="floor-row" data-testid={`counter-${counter.id}`}>
            <span className="row-name">{localName(counter, language)}</span>
            <span className={`pill ${counter.open ? 'pill-ok' : 'pill-off'}`}>{counter.open ? t('counterOpen') : t('counterClosed')}</span>
            {counter.open ? (
              <span className="row-detail" data-testid={`counter-staff-${counter.id}`}>
                {counter.staffId ? t('counterStaff', { name: counter.staffName ?? counter.staffId }) : t('counterNoStaff')}
              </span>
            ) : null}
            <span className="row-detail">{counter.current ? t('counterServing', { number: counter.current.number }) : t('counterIdle')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
