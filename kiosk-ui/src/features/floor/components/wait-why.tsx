/** One line under a queue zone's predicted wait: why it is what it is (wait-reasons.ts). */
import type { WaitBasis } from '../../../shared/api/queue-types.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { floorMessages } from '../../../shared/i18n/messages/floor.ts';
import { waitReasons, type Duration, type WaitReason } from '../wait-reasons.ts';

export function WaitWhy({ basis, serviceId }: { basis: WaitBasis; serviceId: string }) {
  const t = useTranslate(floorMessages);
  const time = (d: Duration) => (d.unit === 'seconds' ? t('seconds', { n: d.n }) : t('minutes', { n: d.n }));
  const words = (reason: WaitReason): string => {
    switch (reason.kind) {
      case 'no-counter':
        return t('whyNoCounter');
      case 'queue':
        return t('whyQueue', { ahead: reason.ahead, counters: reason.counters, service: time(reason.service) });
      case 'camera':
        return t('whyCamera', { n: reason.n });
      case 'give-up':
        return t('whyGiveUp', { percent: reason.percent });
      case 'similar':
        return t('whySimilar', { count: reason.count, median: time(reason.median), own: reason.own });
    }
  };
  return (
    <span className="zone-why" data-testid={`why-${serviceId}`}>
      {waitReasons(basis).map(words).join(' · ')}
    </span>
  );
}
