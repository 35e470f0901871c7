/**
 * Announces calls one after another: the chime, then the call spoken in the customer's language
 * and then in the other one ("请A012号到3号柜台" / "Ticket A012, please go to Counter 3").
 * Calls that arrive while one is being announced wait their turn.
 */
import type { CallNotice } from '../../shared/api/queue-types.ts';
import { translator } from '../../shared/i18n/catalogue.ts';
import { otherLanguage, type Language } from '../../shared/i18n/language.ts';
import { displayMessages } from '../../shared/i18n/messages/display.ts';
import { speak } from '../../shared/speech.ts';
import type { Chime } from '../../shared/chime.ts';

export function callSentences(call: CallNotice): { text: string; language: Language }[] {
  return [call.language, otherLanguage(call.language)].map((language) => ({
    language,
    text: translator(displayMessages, language)('announce', { number: call.number, counter: language === 'zh-CN' ? call.counterNameZh : call.counterNameEn }),
  }));
}

export class Announcer {
  #queue: CallNotice[] = [];
  #busy = false;

  constructor(private readonly chime: Chime) {}

  announce(call: CallNotice): void {
    this.#queue.push(call);
    if (!this.#busy) void this.#next();
  }

  async #next(): Promise<void> {
    const call = this.#queue.shift();
    if (!call) {
      this.#busy = false;
      return;
    }
    this.#busy = true;
    try {
      // Both wait for the screen's one touch that allows sound; until then calls are shown only.
      if (!this.chime.locked) {
        await this.chime.play();
        await speak(callSentences(call));
      }
    } finally {
      void this.#next();
    }
  }
}
