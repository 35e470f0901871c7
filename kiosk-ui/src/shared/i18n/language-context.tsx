/**
 * The page's current language, switchable at run time. The provider also keeps `<html lang>`
 * in step, so screen readers and speech pick the right voice.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { translator, type Catalogue, type Messages, type Translate } from './catalogue.ts';
import { detectLanguage, type Language } from './language.ts';

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function initialLanguage(): Language {
  return detectLanguage(window.location.search, navigator.languages ?? [navigator.language]);
}

export function LanguageProvider({ initial, children }: { initial: Language; children: ReactNode }) {
  const [language, setLanguage] = useState(initial);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage }), [language]);
  return <LanguageContext value={value}>{children}</LanguageContext>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage needs a LanguageProvider above it');
  return state;
}

/** `t` for one page's catalogue in the current language. */
export function useTranslate<M extends Messages>(catalogue: Catalogue<M>): Translate<M> {
  const { language } = useLanguage();
  return useMemo(() => translator(catalogue, language), [catalogue, language]);
}
