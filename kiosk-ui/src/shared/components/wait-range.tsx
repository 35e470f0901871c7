import type { Prediction } from '../api/queue-types.ts';
import { waitMinutes } from '../format/wait.ts';
import { commonMessages } from '../i18n/messages/common.ts';
import { useTranslate } from '../i18n/language-context.tsx';

/** "5–10 min": a predicted wait as a range, never as a false-precise single number. */
export function WaitRange({ prediction }: { prediction: Prediction | null }) {
  const t = useTranslate(commonMessages);
  const wait = waitMinutes(prediction);
  if (wait.kind === 'unknown') return <>{t('waitUnknown')}</>;
  if (wait.kind === 'under-minute') return <>{t('waitUnderMinute')}</>;
  return <>{t('waitRange', { low: wait.low, high: wait.high })}</>;
}
