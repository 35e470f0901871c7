/**
 * Question text → the terms the classifier weighs, with their counts. English and Chinese are
 * handled in the same string, since kiosk customers mix them ("我的卡被ATM吞了").
 *
 * - Latin words: the word (`w:card`), each pair of neighbouring words (`b:my card`) for phrases such as
 *   "top up" or "not working", and the character 3- to 5-grams of the word padded with `<` `>`
 *   (`c:<rec`, `c:ece`…), so a typo ("recieved") still shares most of its grams with the right word.
 *   Grams stay inside one word: across-word grams mostly repeat the word pairs.
 * - Han runs (no spaces to split on): single characters, bigrams and trigrams (`h:卡`, `h:吞卡`,
 *   `h:被吞了`). Bigrams carry most of the meaning of Chinese words; single characters keep short or
 *   unusual phrasings from coming out empty. Banking words in a Han run also add the English words
 *   of their gloss (`zh-glossary.ts`: 汇率 → `w:exchange`, `w:rate`, `b:exchange rate`), so Chinese
 *   questions share the weights learnt from ten times as many English ones (Chinese top-1 on one
 *   held-out fold: 0.60 without the glossary, 0.78 with it). Only the words and word pairs of a
 *   gloss, not its character grams: those drowned the Chinese grams (0.74 on the same fold).
 * Terms are plain strings so a trained vocabulary can be read and a prediction explained.
 */
import { glossesOf } from './zh-glossary.ts';

/**
 * Names this extraction. A model file records the version it was trained with and the loader
 * refuses another: change it whenever a change here would give a different term for any text.
 */
export const FEATURE_VERSION = 'w1-2+c3-5+h1-3+zh-gloss/1';

/** Longer text is cut: a question fits in far fewer characters, and a pasted essay must not cost more. */
export const MAX_TEXT_CHARS = 500;

const CHAR_GRAM_SIZES = [3, 4, 5] as const;
const HAN_GRAM_SIZES = [1, 2, 3] as const;

/** Han runs, Latin/digit runs, and currency signs (they tell exchange and fee questions apart). */
const TOKEN = /(\p{Script=Han}+)|([\p{Script=Latin}\p{Nd}]+)|([$£€¥])/gu;
/** Apostrophes inside words go ("hasn't" → "hasnt", "card's" → "cards"), so contractions stay one word. */
const APOSTROPHE = /(?<=\p{L})['’‘`](?=\p{L})/gu;
const DIGITS = /\p{Nd}+/gu;

/**
 * Full-width forms become ASCII (NFKC: "ＡＴＭ" → "atm", "？" → "?"), letters lower case, and every
 * run of digits becomes `0`: amounts and dates vary from question to question, the presence of a
 * number is what says something.
 */
export function normaliseText(text: string): string {
  return text.slice(0, MAX_TEXT_CHARS).normalize('NFKC').toLowerCase().replace(APOSTROPHE, '').replace(DIGITS, '0');
}

/** The terms of a question with their counts; empty for text without words (blank, emoji only). */
export function extractTerms(text: string): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (term: string) => terms.set(term, (terms.get(term) ?? 0) + 1);
  let previousWord: string | undefined;
  for (const [, han, word, currency] of normaliseText(text).matchAll(TOKEN)) {
    if (han !== undefined) {
      addHanGrams(han, add);
      for (const gloss of glossesOf(han)) addWords(gloss.split(' '), add);
      previousWord = undefined;
      continue;
    }
    const token = word ?? currency!;
    addWords([token], add, previousWord);
    if (word !== undefined) addCharGrams(word, add);
    previousWord = token;
  }
  return terms;
}

/** Each word (`w:`) and each pair of neighbours (`b:`), continuing from `previous` if given. */
function addWords(words: readonly string[], add: (term: string) => void, previous?: string): void {
  for (const word of words) {
    add(`w:${word}`);
    if (previous !== undefined) add(`b:${previous} ${word}`);
    previous = word;
  }
}

function addCharGrams(word: string, add: (term: string) => void): void {
  const padded = `<${word}>`;
  for (const size of CHAR_GRAM_SIZES) {
    for (let start = 0; start + size <= padded.length; start++) add(`c:${padded.slice(start, start + size)}`);
  }
}

function addHanGrams(run: string, add: (term: string) => void): void {
  const chars = Array.from(run);
  for (const size of HAN_GRAM_SIZES) {
    for (let start = 0; start + size <= chars.length; start++) add(`h:${chars.slice(start, start + size).join('')}`);
  }
}
