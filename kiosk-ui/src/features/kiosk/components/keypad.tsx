/**
 * An on-screen keypad for booking codes, so checking in needs no keyboard. The keys are the
 * characters a code can hold; the entered code is shown in a live field for screen readers.
 */
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';

export function Keypad({ value, onChange, keys, maxLength }: { value: string; onChange(value: string): void; keys: readonly string[]; maxLength: number }) {
  const t = useTranslate(kioskMessages);
  const full = value.length >= maxLength;
  return (
    <div className="keypad-area">
      <output className="code-display" aria-live="polite" aria-label={t('codeLabel')} data-testid="code-display">
        {value.padEnd(maxLength, '·')}
      </output>
      <div className="keypad" role="group" aria-label={t('codeLabel')}>
        {keys.map((key) => (
          <button key={key} type="button" className="key" disabled={full} onClick={() => onChange(value + key)}>
            {key}
          </button>
        ))}
        <button type="button" className="key key-wide" disabled={value.length === 0} onClick={() => onChange(value.slice(0, -1))}>
          {t('deleteKey')}
        </button>
        <button type="button" className="key key-wide" disabled={value.length === 0} onClick={() => onChange('')}>
          {t('clearKey')}
        </button>
      </div>
    </div>
  );
}
