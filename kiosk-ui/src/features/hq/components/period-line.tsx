/** The period a report covers, and the one its trends compare with. */
import type { HqPeriod } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatLongDay } from '../format.ts';

export function PeriodLine({ period, previous }: { period: HqPeriod; previous?: HqPeriod }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const write = ({ from, to }: HqPeriod) => ({ from: formatLongDay(from, language), to: formatLongDay(to, language) });
  return (
    <p className="period-line" data-testid="period">
      <span>{t('period', write(period))}</span>
      {previous ? <span className="period-previous">{t('comparedWith', write(previous))}</span> : null}
    </p>
  );
}
