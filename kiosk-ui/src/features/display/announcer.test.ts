import { describe, expect, it } from 'vitest';
import { callSentences } from './announcer.ts';

const call = { number: 'A012', serviceId: 'teller', counterId: 'c3', counterNameEn: 'Counter 3', counterNameZh: '3号柜台', calledAt: '2026-11-22T09:30:00.000Z', recall: false };

describe('spoken calls', () => {
  it('speaks the call in the customer\'s language first, then in the other one', () => {
    expect(callSentences({ ...call, language: 'zh-CN' })).toEqual([
      { language: 'zh-CN', text: '请A012号到3号柜台' },
      { language: 'en', text: 'Ticket A012, please go to Counter 3' },
    ]);
    expect(callSentences({ ...call, language: 'en' }).map((sentence) => sentence.language)).toEqual(['en', 'zh-CN']);
  });
});
