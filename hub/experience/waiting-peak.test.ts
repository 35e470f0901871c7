import { describe, expect, it } from 'vitest';
import { MINUTE, ticket } from './kpi-test-kit.ts';
import { peakWaiting } from './waiting-peak.ts';

const H = Date.parse('2026-11-23T02:00:00Z');
const hour = { start: H, end: H + 60 * MINUTE };

describe('most tickets waiting at once', () => {
  it('counts tickets already waiting when the hour starts and those joining in it', () => {
    const tickets = [
      ticket('teller', H - 10 * MINUTE, { calledAt: H + 5 * MINUTE }),
      ticket('teller', H + 2 * MINUTE, { calledAt: H + 20 * MINUTE }),
      ticket('teller', H + 4 * MINUTE), // still waiting
      ticket('teller', H + 30 * MINUTE, { endedAt: H + 31 * MINUTE, status: 'left' }),
    ];
    expect(peakWaiting(tickets, hour)).toBe(3); // 10:04, before the first call
  });

  it('does not count one customer called at the instant another joins as two', () => {
    const tickets = [ticket('teller', H + MINUTE, { calledAt: H + 10 * MINUTE }), ticket('teller', H + 10 * MINUTE)];
    expect(peakWaiting(tickets, hour)).toBe(1);
    expect(peakWaiting([...tickets].reverse(), hour)).toBe(1);
  });

  it('ignores tickets that waited only outside the hour', () => {
    const tickets = [ticket('teller', H - 20 * MINUTE, { calledAt: H }), ticket('teller', H + 60 * MINUTE)];
    expect(peakWaiting(tickets, hour)).toBe(0);
  });
});
