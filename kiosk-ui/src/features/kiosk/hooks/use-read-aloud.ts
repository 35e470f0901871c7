/**
 * "Read aloud": when a screen appears, speak what it marks with `data-speak` (its title first),
 * in the current language. Stops when switched off.
 */
import { useEffect, type RefObject } from 'react';
import type { Language } from '../../../shared/i18n/language.ts';
import { speak, stopSpeaking } from '../../../shared/speech.ts';

export function useReadAloud(enabled: boolean, region: RefObject<HTMLElement | null>, screenKey: unknown, language: Language): void {
  useEffect(() => {
    if (!enabled) {
      stopSpeaking();
      return;
    }
    const parts = [...(region.current?.querySelectorAll('[data-speak]') ?? [])]
      .map((element) => element.textContent?.trim() ?? '')
      .filter((text) => text.length > 0)
      .map((text) => ({ text, language }));
    speak(parts);
  }, [enabled, region, screenKey, language]);
}
