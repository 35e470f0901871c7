/**
 * The customer's display and speech choices for this visit. They apply to the whole page
 * (`<html data-text data-contrast>`) and go back to the defaults when the kiosk resets.
 */
import { useCallback, useEffect, useState } from 'react';

export interface Preferences {
  largeText: boolean;
  highContrast: boolean;
  readAloud: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { largeText: false, highContrast: false, readAloud: false };

export function isDefault(preferences: Preferences): boolean {
  return (Object.keys(DEFAULT_PREFERENCES) as (keyof Preferences)[]).every((key) => preferences[key] === DEFAULT_PREFERENCES[key]);
}

export function usePreferences(): [Preferences, (key: keyof Preferences) => void, () => void] {
  const [preferences, setPreferences] = useState(DEFAULT_PREFERENCES);
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.text = preferences.largeText ? 'large' : 'normal';
    root.dataset.contrast = preferences.highContrast ? 'high' : 'normal';
  }, [preferences]);
  const toggle = useCallback((key: keyof Preferences) => setPreferences((current) => ({ ...current, [key]: !current[key] })), []);
  const reset = useCallback(() => setPreferences(DEFAULT_PREFERENCES), []);
  return [preferences, toggle, reset];
}
