import { describe, expect, it } from 'vitest';
import { extractTerms, MAX_TEXT_CHARS } from './features.ts';
import { fitVocabulary, vectorize } from './tfidf.ts';

/** Share of `clean`'s terms that `other` has too. */
function overlap(clean: string, other: string): number {
  const a = extractTerms(clean);
  const b = extractTerms(other);
  return [...a.keys()].filter((term) => b.has(term)).length / a.size;
}

describe('extractTerms', () => {
  it('gives a typo most of the character grams of the word it misspells', () => {
    const typo = extractTerms('I havent recieved my card');
    expect(typo.has('w:received')).toBe(false);
    for (const gram of ['c:<rec', 'c:rec', 'c:ved>', 'c:eved>']) expect(typo.has(gram)).toBe(true);
    // The misspelt word and its two word pairs are lost; its character grams mostly are not.
    expect(overlap('I have not received my card', 'i have not recieved my card!!')).toBeGreaterThan(0.6);
  });

  it('treats case, full-width letters, apostrophes and amounts alike', () => {
    expect(extractTerms("My card hasn't come")).toEqual(extractTerms('my card hasnt come'));
    expect(extractTerms('ＡＴＭ')).toEqual(extractTerms('atm'));
    expect(extractTerms('I was charged £125 on 12/03')).toEqual(extractTerms('i was charged £3 on 1/1'));
  });

  it('splits Chinese into character grams, shared by different phrasings of the same thing', () => {
    const terms = extractTerms('我的卡丢了');
    for (const gram of ['h:卡', 'h:丢了', 'h:卡丢了']) expect(terms.has(gram)).toBe(true);
    const a = extractTerms('我的卡丢了');
    const b = extractTerms('银行卡丢了怎么办');
    expect([...a.keys()].filter((term) => b.has(term) && term.startsWith('h:'))).toEqual(expect.arrayContaining(['h:卡', 'h:丢了', 'h:卡丢']));
  });

  it('adds the English words of glossed Chinese phrases, and keeps both languages of mixed text', () => {
    const terms = extractTerms('美元汇率是多少');
    for (const term of ['w:exchange', 'w:rate', 'b:exchange rate', 'h:汇率']) expect(terms.has(term)).toBe(true);
    const mixed = extractTerms('我的卡被ATM吞了');
    for (const term of ['w:atm', 'h:吞了', 'w:swallowed', 'w:card']) expect(mixed.has(term)).toBe(true);
  });

  it('gives nothing for blank, punctuation-only or emoji-only text', () => {
    for (const text of ['', '   \n\t ', '?!…', '😀🎉👍🏽', '\u200b']) expect(extractTerms(text).size).toBe(0);
    const vector = vectorize(extractTerms('😀'), fitVocabulary([extractTerms('my card')], 1));
    expect(vector.indices).toHaveLength(0);
  });

  it('bounds the work for very long input', () => {
    for (const text of ['card '.repeat(2_000), 'x'.repeat(10_000), '卡'.repeat(10_000)]) {
      const started = performance.now();
      const terms = extractTerms(text);
      const total = [...terms.values()].reduce((sum, count) => sum + count, 0);
      expect(total).toBeLessThanOrEqual(4 * MAX_TEXT_CHARS);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });
});

describe('vectorize', () => {
  it('is unit length, in index order, and drops terms outside the vocabulary', () => {
    const vocabulary = fitVocabulary([extractTerms('lost card'), extractTerms('card arrival'), extractTerms('lost phone')], 1);
    const vector = vectorize(extractTerms('lost card unknownword'), vocabulary);
    const norm = Math.hypot(...vector.values);
    expect(norm).toBeCloseTo(1, 6);
    expect([...vector.indices]).toEqual([...vector.indices].sort((a, b) => a - b));
    expect([...vector.indices].map((i) => vocabulary.terms[i])).not.toContain('w:unknownword');
  });
});
