import { describe, expect, it } from 'vitest';
import { detectLanguage, toLanguage } from './language.ts';

describe('the language a screen opens in', () => {
  it('takes ?lang= first, then the browser\'s first language it speaks, then Chinese', () => {
    expect(detectLanguage('?lang=en', ['zh-CN'])).toBe('en');
    expect(detectLanguage('?kiosk=kiosk-1&lang=zh', ['en-GB'])).toBe('zh-CN');
    expect(detectLanguage('', ['fr-FR', 'en-US', 'zh-CN'])).toBe('en');
    expect(detectLanguage('?lang=fr', ['de-DE'])).toBe('zh-CN');
  });

  it('reads Chinese and English tags of any region or script', () => {
    expect(['zh-Hans-CN', 'zh_TW', 'ZH'].map(toLanguage)).toEqual(['zh-CN', 'zh-CN', 'zh-CN']);
    expect(['en', 'en-GB'].map(toLanguage)).toEqual(['en', 'en']);
    expect(toLanguage('ja')).toBeNull();
  });
});
