import { describe, expect, it } from 'vitest';
import { kioskInteraction } from './kiosk-telemetry.ts';

const base = { sessionId: '3f8e2d1c-0b9a-4c7d-8e6f-5a4b3c2d1e0f', seq: 3, at: '2026-12-02T09:30:00.000Z' };
const answer = { need: 'card_swallowed', confidence: 0.93, sure: true };

describe('kiosk interactions', () => {
  it('carry a self-help answer as a known need and a confidence, on an answer only', () => {
    expect(kioskInteraction.safeParse({ ...base, type: 'answer', task: 'self-help', answer }).success).toBe(true);
    expect(kioskInteraction.safeParse({ ...base, type: 'answer' }).success).toBe(false);
    expect(kioskInteraction.safeParse({ ...base, type: 'screen', screen: 'self-help.list', answer }).success).toBe(false);
  });

  it('refuse anything of the question beyond the need it was understood as', () => {
    expect(kioskInteraction.safeParse({ ...base, type: 'answer', answer: { ...answer, need: 'my card was eaten' } }).success).toBe(false);
    expect(kioskInteraction.safeParse({ ...base, type: 'answer', answer: { ...answer, question: 'the ATM ate my card' } }).success).toBe(false);
    expect(kioskInteraction.safeParse({ ...base, type: 'answer', answer: { ...answer, confidence: 1.5 } }).success).toBe(false);
  });
});
