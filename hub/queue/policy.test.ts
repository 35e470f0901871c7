import { describe, expect, it } from 'vitest';
import { overdueMs, pickNext, type FairnessPolicy, type PriorityClass, type WaitingTicket } from './policy.ts';

const policy: FairnessPolicy = { priorityRatio: 2, maxWaitS: { appointment: 600, assisted: 900, vip: 900, normal: 3600 } };
const MIN = 60_000;
const NOW = 10 * 3600_000;

/** A ticket of `serviceId` that has waited `waitedMin` minutes at NOW. */
const ticket = (id: string, priority: PriorityClass, waitedMin: number, serviceId = 'teller'): WaitingTicket => ({ id, serviceId, priority, queuedAtMs: NOW - waitedMin * MIN });

/** Calls `count` tickets one after another at NOW, the way one counter would. */
function callSequence(waiting: WaitingTicket[], count: number, services = ['teller'], streak = 0): string[] {
  const rest = [...waiting];
  const called: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const pick = pickNext(rest, services, NOW, policy, streak);
    if (!pick) break;
    called.push(pick.ticket.id);
    streak = pick.streak;
    rest.splice(rest.indexOf(pick.ticket), 1);
  }
  return called;
}

describe('pickNext', () => {
  it('returns null when no one waits for the counter\'s services', () => {
    expect(pickNext([], ['teller'], NOW, policy, 0)).toBeNull();
    expect(pickNext([ticket('f1', 'normal', 5, 'fx')], ['teller'], NOW, policy, 0)).toBeNull();
  });

  it('calls normal tickets in arrival order', () => {
    expect(callSequence([ticket('n2', 'normal', 3), ticket('n1', 'normal', 5), ticket('n3', 'normal', 1)], 3)).toEqual(['n1', 'n2', 'n3']);
  });

  it('ranks priority classes appointment > assisted > vip, then arrival', () => {
    const waiting = [ticket('v1', 'vip', 8), ticket('s1', 'assisted', 2), ticket('a1', 'appointment', 1), ticket('s0', 'assisted', 4)];
    expect(callSequence(waiting, 4)).toEqual(['a1', 's0', 's1', 'v1']);
  });

  it('calls at most priorityRatio priority tickets in a row while a normal ticket waits', () => {
    const waiting = [ticket('n1', 'normal', 20), ticket('n2', 'normal', 19), ticket('p1', 'assisted', 5), ticket('p2', 'assisted', 4), ticket('p3', 'vip', 3), ticket('p4', 'vip', 2)];
    expect(callSequence(waiting, 6)).toEqual(['p1', 'p2', 'n1', 'p3', 'p4', 'n2']);
  });

  it('does not count priority calls made while no normal ticket waited', () => {
    const first = pickNext([ticket('p1', 'vip', 3)], ['teller'], NOW, policy, 0)!;
    expect(first.streak).toBe(0);
    // A normal ticket arriving now waits behind the next priority ticket, not ahead of it.
    expect(pickNext([ticket('p2', 'vip', 2), ticket('n1', 'normal', 0)], ['teller'], NOW, policy, first.streak)!.ticket.id).toBe('p2');
  });

  it('with priorityRatio 0 gives priority no precedence over waiting normal tickets', () => {
    const zero = { ...policy, priorityRatio: 0 };
    expect(pickNext([ticket('p1', 'assisted', 1), ticket('n1', 'normal', 5)], ['teller'], NOW, zero, 0)!.ticket.id).toBe('n1');
  });

  it('calls an overdue ticket first, whatever its class, and the longest overdue first', () => {
    const waiting = [ticket('a1', 'appointment', 1), ticket('n-late', 'normal', 61), ticket('s-later', 'assisted', 17)];
    const pick = pickNext(waiting, ['teller'], NOW, policy, 0)!;
    // assisted: 17 min against 15 (2 min over); normal: 61 against 60 (1 min over).
    expect(pick).toMatchObject({ ticket: { id: 's-later' }, reason: 'overdue' });
    expect(callSequence(waiting, 3)).toEqual(['s-later', 'n-late', 'a1']);
  });

  it('counts a ticket as overdue only once it has waited longer than its maximum', () => {
    expect(overdueMs(ticket('n', 'normal', 60), NOW, policy)).toBe(0);
    expect(pickNext([ticket('n', 'normal', 60), ticket('p', 'vip', 1)], ['teller'], NOW, policy, 0)!.reason).toBe('priority');
  });

  it('serves every service of a counter from one queue order, and no other', () => {
    const waiting = [ticket('t1', 'normal', 5, 'teller'), ticket('f1', 'normal', 9, 'fx'), ticket('w1', 'normal', 30, 'wealth')];
    expect(callSequence(waiting, 3, ['teller', 'fx'])).toEqual(['f1', 't1']);
  });

  it('resets the streak after a normal ticket', () => {
    expect(pickNext([ticket('n1', 'normal', 5)], ['teller'], NOW, policy, 2)).toMatchObject({ reason: 'normal', streak: 0 });
  });

  it('keeps the given order for tickets queued in the same millisecond', () => {
    expect(pickNext([ticket('b', 'normal', 5), ticket('a', 'normal', 5)], ['teller'], NOW, policy, 0)!.ticket.id).toBe('b');
    expect(pickNext([ticket('b', 'vip', 5), ticket('a', 'vip', 5)], ['teller'], NOW, policy, 0)!.ticket.id).toBe('b');
  });
});
