/** Language, large text, high contrast and read-aloud: always one touch away. */
import { LanguageSwitch } from '../../../shared/components/language-switch.tsx';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { canSpeak } from '../../../shared/speech.ts';
import type { Preferences } from '../hooks/use-preferences.ts';

export function KioskToolbar({ preferences, toggle }: { preferences: Preferences; toggle(key: keyof Preferences): void }) {
  const t = useTranslate(kioskMessages);
  const toggles: { key: keyof Preferences; label: string }[] = [
    { key: 'largeText', label: t('largeText') },
    { key: 'highContrast', label: t('highContrast') },
    ...(canSpeak() ? [{ key: 'readAloud' as const, label: t('readAloud') }] : []),
  ];
  return (
    <div className="tools">
      <LanguageSwitch />
      {toggles.map(({ key, label }) => (
        <button key={key} type="button" className="tool-button" aria-pressed={preferences[key]} onClick={() => toggle(key)}>
          {label}
        </button>
      ))}
    </div>
  );
}
