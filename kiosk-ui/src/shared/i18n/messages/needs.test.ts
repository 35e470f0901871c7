import { describe, expect, it } from 'vitest';
import { NEEDS } from '../../../../../protocol/needs.ts';
import { LANGUAGES } from '../language.ts';
import { needLabel, needMessages } from './needs.ts';

describe('labels of customer needs', () => {
  it('names every need, and only those, in both languages', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(needMessages[language]).sort()).toEqual([...NEEDS].sort());
      for (const need of NEEDS) expect(needLabel(need, language).trim(), `${language} ${need}`).not.toBe('');
    }
  });

  it('writes the Chinese labels in Chinese, and the English ones short and in sentence case', () => {
    for (const need of NEEDS) {
      expect(needLabel(need, 'zh-CN'), need).toMatch(/\p{Script=Han}/u);
      const en = needLabel(need, 'en');
      expect(en, need).toMatch(/^[A-Z]/);
      expect(en.split(/\s+/).length, need).toBeLessThanOrEqual(6);
    }
  });

  it('gives no two needs the same label in a language', () => {
    for (const language of LANGUAGES) {
      const labels = NEEDS.map((need) => needLabel(need, language).trim().toLowerCase());
      const repeated = labels.filter((label, i) => labels.indexOf(label) !== i);
      expect(repeated, language).toEqual([]);
    }
  });

  it('shows a need this UI does not know as its id', () => {
    expect(needLabel('crypto_wallet_question', 'en')).toBe('crypto_wallet_question');
    expect(needLabel('crypto_wallet_question', 'zh-CN')).toBe('crypto_wallet_question');
    expect(needLabel('', 'en')).toBe('');
  });
});
