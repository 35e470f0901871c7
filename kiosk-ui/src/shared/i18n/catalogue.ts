/**
 * Message catalogues: one per page, each written in English and Chinese with the same keys (the
 * types refuse a catalogue that misses a key in either language). A message is a string or,
 * when it takes values, a function of them.
 */
import type { Language } from './language.ts';

// `never` as the parameter type lets functions of any parameter object be messages.
export type Message = string | ((params: never) => string);
export type Messages = Record<string, Message>;

export interface Catalogue<M extends Messages> {
  en: M;
  'zh-CN': { [K in keyof M]: M[K] };
}

/** The English messages fix the keys and parameters; the Chinese ones must match them. */
export function defineCatalogue<M extends Messages>(en: M, zh: NoInfer<{ [K in keyof M]: M[K] }>): Catalogue<M> {
  return { en, 'zh-CN': zh };
}

type ParamsOf<T> = T extends (params: infer P) => string ? [params: P] : [];

export type Translate<M extends Messages> = <K extends keyof M & string>(key: K, ...params: ParamsOf<M[K]>) => string;

export function translator<M extends Messages>(catalogue: Catalogue<M>, language: Language): Translate<M> {
  const messages = catalogue[language] as M;
  return (key, ...params) => {
    const message = messages[key] as Message;
    return typeof message === 'function' ? (message as (p: unknown) => string)(params[0]) : message;
  };
}

/** The `t` of a catalogue, for helpers that take one. */
export type TranslateOf<C> = C extends Catalogue<infer M> ? Translate<M> : never;
