import { useEffect, useState } from 'react';
import { formatClock } from '../../../shared/format/time.ts';
import { useLanguage } from '../../../shared/i18n/language-context.tsx';

/** The time of day, so people can judge the waits shown. */
export function Clock() {
  const { language } = useLanguage();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 10_000);
    return () => window.clearInterval(timer);
  }, []);
  return <time className="display-clock" dateTime={now.toISOString()}>{formatClock(now.toISOString(), language)}</time>;
}
