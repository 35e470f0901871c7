/** Alert words in the page's language: its kind, and the hub's bilingual reason or suggestion. */
import type { TranslateOf } from '../i18n/catalogue.ts';
import type { Language } from '../i18n/language.ts';
import type { dispatchMessages } from '../i18n/messages/dispatch.ts';
import type { BilingualText } from '../api/dispatch-types.ts';

type DispatchT = TranslateOf<typeof dispatchMessages>;
type KindKey = Extract<Parameters<DispatchT>[0], `kind.${string}`>;

export function alertKindName(t: DispatchT, kind: string): string {
  const key = `kind.${kind}`;
  return isKindKey(key) ? t(key) : t('kindOther', { kind });
}

const KIND_KEYS = new Set<string>(['kind.help-request', 'kind.fall', 'kind.negative-affect', 'kind.long-wait', 'kind.kiosk-friction', 'kind.wait-breach', 'kind.edge-offline', 'kind.kiosk-offline', 'kind.camera-offline', 'kind.long-queue', 'kind.feedback-follow-up'] satisfies KindKey[]);

function isKindKey(key: string): key is KindKey {
  return KIND_KEYS.has(key);
}

export function bilingual(text: BilingualText | null, language: Language): string | null {
  if (!text) return null;
  return language === 'zh-CN' ? text.zh : text.en;
}

const SEVERITY_RANK: Record<string, number> = { high: 3, medium: 2, low: 1 };

/** Higher first; an unknown severity sorts last. */
export function severityRank(severity: string): number {
  return SEVERITY_RANK[severity] ?? 0;
}

export function severityName(t: DispatchT, severity: string): string {
  if (severity === 'high' || severity === 'medium' || severity === 'low') return t(`severity.${severity}`);
  return severity;
}
