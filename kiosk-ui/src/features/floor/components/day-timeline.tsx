/** The day so far: every alert as it opened and as it closed, newest first. */
import { alertKindName } from '../../../shared/format/alert-words.ts';
import { formatClock } from '../../../shared/format/time.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { dispatchMessages } from '../../../shared/i18n/messages/dispatch.ts';
import { floorMessages } from '../../../shared/i18n/messages/floor.ts';
import { useFloor } from '../floor-context.ts';
import type { TimelineEntry } from '../floor-state.ts';

export function DayTimeline({ entries, onOpen }: { entries: TimelineEntry[]; onOpen(alertId: string): void }) {
  const t = useTranslate(floorMessages);
  const words = useTranslate(dispatchMessages);
  const { language } = useLanguage();
  const { zoneName } = useFloor();
  return (
    <section className="card floor-panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timelineTitle')}</h2>
      {entries.length === 0 ? <p>{t('timelineEmpty')}</p> : null}
      <ol className="day-timeline" data-testid="timeline">
        {entries.map((entry) => {
          const what = `${alertKindName(words, entry.alert.kind)} · ${entry.alert.zoneId ? zoneName(entry.alert.zoneId) : words('noZone')}`;
          return (
            <li key={entry.key} data-event={entry.event}>
              <time dateTime={entry.at}>{formatClock(entry.at, language)}</time>{' '}
              <button type="button" className="link-button" onClick={() => onOpen(entry.alert.id)}>
                {entry.event === 'opened' ? t('timelineOpened', { what }) : t('timelineClosed', { what })}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
