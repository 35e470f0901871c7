import { useHubReachable } from '../hooks/use-hub-reachable.ts';
import { commonMessages } from '../i18n/messages/common.ts';
import { useTranslate } from '../i18n/language-context.tsx';

/** Shown while the hub does not answer; it disappears by itself when it does again. */
export function OfflineBanner() {
  const reachable = useHubReachable();
  const t = useTranslate(commonMessages);
  if (reachable) return null;
  return (
    <div className="offline-banner" role="alert" data-testid="offline-banner">
      {t('offline')}
    </div>
  );
}
