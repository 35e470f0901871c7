/**
 * Text that is valid Unicode. A JSON string may hold a lone UTF-16 surrogate (`"\ud800"`), and
 * so may a message cut in the middle of a character; neither UTF-8 nor SQLite can store one, so
 * the hub refuses such text where it is input, and repairs it where it only reports.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** At most `max` UTF-16 units of `text`, each lone surrogate (also one the cut made) replaced by U+FFFD. */
export function wellFormedPrefix(text: string, max = Infinity): string {
  return text.slice(0, max).replace(LONE_SURROGATES, '\uFFFD');
}
