/**
 * Spoken text through the browser's speech synthesis, when the device has it (and a voice for
 * the language; without one the browser reads with its default voice).
 */
import type { Language } from './i18n/language.ts';

/** Upper bound for speaking, in case the browser never reports the end (no voice, muted). */
const MS_PER_CHARACTER = 250;
const MIN_WAIT_MS = 2_000;

export function canSpeak(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined';
}

function utterance(text: string, language: Language): SpeechSynthesisUtterance {
  const spoken = new SpeechSynthesisUtterance(text);
  spoken.lang = language === 'zh-CN' ? 'zh-CN' : 'en-US';
  const voice = speechSynthesis.getVoices().find((candidate) => candidate.lang.replace('_', '-').startsWith(spoken.lang.slice(0, 2)));
  if (voice) spoken.voice = voice;
  spoken.rate = 0.9;
  return spoken;
}

/** Speaks the parts in order, replacing whatever was being said; resolves when done. */
export function speak(parts: { text: string; language: Language }[]): Promise<void> {
  if (!canSpeak() || parts.length === 0) return Promise.resolve();
  speechSynthesis.cancel();
  const utterances = parts.map((part) => utterance(part.text, part.language));
  const characters = parts.reduce((sum, part) => sum + part.text.length, 0);
  return new Promise((resolve) => {
    const timer = window.setTimeout(resolve, MIN_WAIT_MS + characters * MS_PER_CHARACTER);
    const last = utterances.at(-1)!;
    last.onend = last.onerror = () => {
      window.clearTimeout(timer);
      resolve();
    };
    for (const spoken of utterances) speechSynthesis.speak(spoken);
  });
}

export function stopSpeaking(): void {
  if (canSpeak()) speechSynthesis.cancel();
}
