/** The two languages every screen speaks, and how a page picks one when it opens. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** `zh`, `zh-CN`, `zh-Hans-CN`, ... → zh-CN; `en`, `en-GB`, ... → en; anything else → null. */
export function toLanguage(tag: string | null | undefined): Language | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return null;
}

/** `?lang=` wins, then the browser's preferred languages, then Chinese (the branch's language). */
export function detectLanguage(search: string, preferred: readonly string[]): Language {
  const fromQuery = toLanguage(new URLSearchParams(search).get('lang'));
  if (fromQuery) return fromQuery;
  for (const tag of preferred) {
    const language = toLanguage(tag);
    if (language) return language;
  }
  return 'zh-CN';
}

export function otherLanguage(language: Language): Language {
  return language === 'zh-CN' ? 'en' : 'zh-CN';
}

/** Things named in both languages by the hub (services, counters, kiosks). */
export interface Bilingual {
  nameEn: string;
  nameZh: string;
}

export function localName(named: Bilingual, language: Language): string {
  return language === 'zh-CN' ? named.nameZh : named.nameEn;
}
