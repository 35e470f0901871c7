import { describe, expect, it } from 'vitest';
import { isWellFormed, wellFormedPrefix } from './text.ts';

describe('well-formed text', () => {
  it('tells lone surrogates from pairs', () => {
    expect(isWellFormed('排队 🙂 ok')).toBe(true);
    expect(isWellFormed('\ud83d')).toBe(false);
    expect(isWellFormed('x\ude42')).toBe(false);
    expect(isWellFormed(JSON.parse('"\\ud800\\udc00"') as string)).toBe(true);
  });

  it('cuts without leaving half a character and repairs lone surrogates', () => {
    expect(wellFormedPrefix('ab🙂', 3)).toBe('ab\ufffd');
    expect(wellFormedPrefix('a\udc00b\ud800')).toBe('a\ufffdb\ufffd');
    expect(wellFormedPrefix('🙂🙂', 4)).toBe('🙂🙂');
  });
});
