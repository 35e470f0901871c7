import { describe, expect, it } from 'vitest';
import type { DispatchView } from '../../shared/api/dispatch-types.ts';
import { takeNewOffers, tasksInOrder } from './dispatch-list.ts';

function dispatch(id: string, status: DispatchView['status'], createdAt: string, offerExpiresAt: string | null = null): DispatchView {
  return {
    id, alertId: `alert-${id}`, status, staffId: 's-wang', offerExpiresAt, outcome: null, createdAt, acceptedAt: null, arrivedAt: null, resolvedAt: null, escalatedAt: null, cancelledAt: null,
    alert: {
      id: `alert-${id}`, kind: 'help-request', severity: 'high', zoneId: 'lobby', sourceId: null, status: 'open', openedAt: createdAt, updatedAt: createdAt,
      ruleId: null, needsPerson: true, reason: { en: 'asked', zh: '请求' }, suggestion: null, resolvedBy: null, outcome: null, skills: [],
    },
  };
}

describe("a staff member's tasks", () => {
  it('puts offers first, then what they are at, then what they accepted, and leaves finished ones out', () => {
    const list = [
      dispatch('accepted', 'accepted', '2026-11-25T10:00:00Z'),
      dispatch('done', 'resolved', '2026-11-25T09:00:00Z'),
      dispatch('offer', 'offered', '2026-11-25T11:00:00Z', '2026-11-25T11:01:00Z'),
      dispatch('there', 'arrived', '2026-11-25T10:30:00Z'),
      dispatch('gone', 'cancelled', '2026-11-25T08:00:00Z'),
    ];
    expect(tasksInOrder(list).map((task) => task.id)).toEqual(['offer', 'there', 'accepted']);
  });

  it('rings once per offer, and again when the same dispatch is offered again later', () => {
    const seen = new Set<string>();
    const first = dispatch('a', 'offered', '2026-11-25T10:00:00Z', '2026-11-25T10:01:00Z');
    expect(takeNewOffers(seen, [first])).toEqual([first]);
    expect(takeNewOffers(seen, [first, dispatch('b', 'accepted', '2026-11-25T10:00:00Z')])).toEqual([]);
    const again = dispatch('a', 'offered', '2026-11-25T10:00:00Z', '2026-11-25T10:05:00Z');
    expect(takeNewOffers(seen, [again])).toEqual([again]);
  });
});
