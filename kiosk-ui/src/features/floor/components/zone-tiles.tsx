/** The branch at a glance: each zone with its live camera count and, for a queue, the predicted wait and why. */
import type { NodeState, ZoneInfo } from '../../../shared/api/dispatch-types.ts';
import type { ServiceSummary } from '../../../shared/api/queue-types.ts';
import { WaitRange } from '../../../shared/components/wait-range.tsx';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { floorMessages } from '../../../shared/i18n/messages/floor.ts';
import type { LiveZone } from '../floor-state.ts';
import { WaitWhy } from './wait-why.tsx';

export function ZoneTiles({ zones, live, services, nodes }: { zones: ZoneInfo[]; live: Record<string, LiveZone>; services: ServiceSummary[]; nodes: NodeState[] }) {
  const t = useTranslate(floorMessages);
  const { language } = useLanguage();
  const offline = nodes.filter((node) => !node.online).map((node) => node.sourceId);
  return (
    <section className="card floor-panel" aria-labelledby="zones-title">
      <h2 id="zones-title">{t('zonesTitle')}</h2>
      {offline.length > 0 ? (
        <p className="error-text" role="status">
          {t('nodesOffline', { names: offline.join(', ') })}
        </p>
      ) : null}
      <ul className="zone-tiles" role="list">
        {zones.map((zone) => {
          const count = live[zone.id]?.count ?? null;
          const service = zone.serviceId ? services.find((candidate) => candidate.id === zone.serviceId) : undefined;
          return (
            <li key={zone.id} className="zone-tile" data-testid={`zone-${zone.id}`}>
              <span className="zone-name">{localName(zone, language)}</span>
              <strong className="zone-count">{count === null ? t('noCount') : t('people', { n: count })}</strong>
              {service ? (
                <>
                  <span className="zone-wait">
                    {t('predictedWait')}: <WaitRange prediction={service.prediction} /> · {t('waitingTickets', { n: service.waiting })}
                  </span>
                  <WaitWhy basis={service.why} serviceId={service.id} />
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
