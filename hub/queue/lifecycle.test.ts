import { describe, expect, it } from 'vitest';
import { HttpError } from '../api/errors.ts';
import { assertTransition, canTransition, TICKET_STATUSES, TRANSITIONS } from './lifecycle.ts';

describe('ticket lifecycle', () => {
  it('follows waiting → called → serving → done', () => {
    expect(canTransition('waiting', 'called')).toBe(true);
    expect(canTransition('called', 'serving')).toBe(true);
    expect(canTransition('serving', 'done')).toBe(true);
  });

  it('lets a ticket leave the queue from waiting or called only', () => {
    for (const to of ['no-show', 'cancelled', 'left'] as const) {
      expect(canTransition('waiting', to)).toBe(true);
      expect(canTransition('called', to)).toBe(true);
      expect(canTransition('serving', to)).toBe(false);
    }
  });

  it('allows a recall (called → called) and a transfer until service ends', () => {
    expect(canTransition('called', 'called')).toBe(true);
    expect(canTransition('waiting', 'waiting')).toBe(false);
    for (const from of ['waiting', 'called', 'serving'] as const) expect(canTransition(from, 'transferred')).toBe(true);
  });

  it('makes done, no-show, transferred, cancelled and left final', () => {
    for (const final of ['done', 'no-show', 'transferred', 'cancelled', 'left'] as const) {
      expect(TRANSITIONS[final]).toEqual([]);
      for (const to of TICKET_STATUSES) expect(canTransition(final, to)).toBe(false);
    }
  });

  it('answers a wrong transition with a 409 naming the ticket, from and to', () => {
    expect(() => assertTransition('A012', 'done', 'serving')).toThrow(HttpError);
    expect(() => assertTransition('A012', 'done', 'serving')).toThrow('ticket A012 cannot go from done to serving (done is final)');
    expect(() => assertTransition('A012', 'waiting', 'done')).toThrow(/from waiting to done \(from waiting it can go to called, /);
    expect(() => assertTransition('A012', 'waiting', 'serving')).toThrow(expect.objectContaining({ statusCode: 409 }));
  });
});
