/**
 * Days of random branch traffic through the pure fairness policy: arrivals of every class,
 * counters serving random sets of services opening and closing, random service times.
 *
 * Invariants, checked at every call a counter makes:
 * 1. Overdue first: if any waiting ticket of the counter's services has waited longer than its
 *    class's maximum, the called ticket is overdue too, and no waiting ticket of those services
 *    is more overdue than it.
 * 2. Ratio: a counter never calls a priority ticket ahead of a waiting normal ticket (other than
 *    an overdue one) after calling `priorityRatio` priority tickets in a row while normal
 *    tickets waited.
 * 3. Order within a class: among tickets not overdue, nobody is passed by a later ticket of the
 *    same service and class.
 * 4. Nobody is lost: every ticket is called exactly once by the end of the day's tail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overdueMs, pickNext, PRIORITY_CLASSES, type FairnessPolicy, type PriorityClass, type WaitingTicket } from './policy.ts';

const SERVICES = ['teller', 'accounts', 'fx'] as const;
const DAY_S = 8 * 3600;
const STEP_S = 30;

const policyArb: fc.Arbitrary<FairnessPolicy> = fc.record({
  priorityRatio: fc.integer({ min: 0, max: 4 }),
  maxWaitS: fc.record({
    appointment: fc.integer({ min: 60, max: 1800 }),
    assisted: fc.integer({ min: 60, max: 1800 }),
    vip: fc.integer({ min: 60, max: 1800 }),
    normal: fc.integer({ min: 300, max: 3600 }),
  }),
});

const dayArb = fc.record({
  arrivals: fc.array(fc.record({
    atS: fc.integer({ min: 0, max: DAY_S }),
    serviceId: fc.constantFrom(...SERVICES),
    priority: fc.constantFrom<PriorityClass>(...PRIORITY_CLASSES, 'normal', 'normal', 'normal'),
  }), { minLength: 10, maxLength: 300, size: 'max' }),
  counters: fc.array(fc.subarray([...SERVICES], { minLength: 1 }), { minLength: 1, maxLength: 4 }),
  toggles: fc.array(fc.record({ atS: fc.integer({ min: 0, max: DAY_S }), counter: fc.nat() }), { maxLength: 12 }),
  serviceTimesS: fc.array(fc.integer({ min: 30, max: 1500 }), { minLength: 1, maxLength: 50 }),
});

interface Counter {
  serviceIds: string[];
  open: boolean;
  busyUntilS: number;
  streak: number;
  /** Priority tickets called in a row while a normal ticket waited (recomputed here, not taken from the policy). */
  priorityRun: number;
}

type Day = typeof dayArb extends fc.Arbitrary<infer D> ? D : never;

/** Throws with `message` unless `condition` holds (cheaper than expect in the inner loop). */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

function runDay(day: Day, policy: FairnessPolicy, dayIndex: number): void {
  const start = dayIndex * 86_400_000;
  const counters: Counter[] = day.counters.map((serviceIds) => ({ serviceIds, open: true, busyUntilS: 0, streak: 0, priorityRun: 0 }));
  // Customers come only for services some counter serves (the kiosk offers no others).
  const served = new Set(day.counters.flat());
  const arrivals = day.arrivals.filter((arrival) => served.has(arrival.serviceId)).sort((a, b) => a.atS - b.atS).map((arrival, index): WaitingTicket => ({
    id: `d${dayIndex}-t${index}`, serviceId: arrival.serviceId, priority: arrival.priority, queuedAtMs: start + arrival.atS * 1000,
  }));
  const waiting: WaitingTicket[] = [];
  const called = new Set<string>();
  let next = 0;
  let calls = 0;
  // Run past closing until everyone is served; all counters reopen for the tail.
  for (let t = 0; next < arrivals.length || waiting.length > 0; t += STEP_S) {
    const now = start + t * 1000;
    while (next < arrivals.length && arrivals[next]!.queuedAtMs <= now) waiting.push(arrivals[next++]!);
    for (const toggle of day.toggles) if (toggle.atS >= t && toggle.atS < t + STEP_S) {
      const counter = counters[toggle.counter % counters.length]!;
      counter.open = !counter.open;
    }
    if (t >= DAY_S) for (const counter of counters) counter.open = true;
    for (const counter of counters) {
      if (!counter.open || counter.busyUntilS > t) continue;
      const eligible = waiting.filter((ticket) => counter.serviceIds.includes(ticket.serviceId));
      const pick = pickNext(waiting, counter.serviceIds, now, policy, counter.streak);
      if (!pick) {
        check(eligible.length === 0, () => `${eligible.length} tickets wait for a free counter that called nobody`);
        continue;
      }
      const chosen = pick.ticket;
      check(counter.serviceIds.includes(chosen.serviceId), () => `called ${chosen.id} of ${chosen.serviceId} to a counter that does not serve it`);

      // 1. Overdue first, most overdue first.
      const mostOverdue = Math.max(...eligible.map((ticket) => overdueMs(ticket, now, policy)));
      check(mostOverdue <= 0 || overdueMs(chosen, now, policy) === mostOverdue, () => `called ${chosen.id} while another ticket was ${mostOverdue} ms overdue`);

      // 2. The ratio rule, counted independently of the policy's own streak.
      const normalWaiting = eligible.some((ticket) => ticket.priority === 'normal');
      check(pick.reason !== 'priority' || !normalWaiting || counter.priorityRun < policy.priorityRatio, () => `priority ticket number ${counter.priorityRun + 1} in a row ahead of a waiting normal ticket`);
      counter.priorityRun = chosen.priority !== 'normal' && normalWaiting ? counter.priorityRun + 1 : 0;

      // 3. Arrival order within a service and class, outside the overdue rule.
      check(pick.reason === 'overdue' || !eligible.some((ticket) => ticket.priority === chosen.priority && ticket.serviceId === chosen.serviceId && ticket.queuedAtMs < chosen.queuedAtMs),
        () => `${chosen.id} passed an earlier ticket of its service and class`);

      check(!called.has(chosen.id), () => `${chosen.id} called twice`);
      called.add(chosen.id);
      waiting.splice(waiting.indexOf(chosen), 1);
      counter.streak = pick.streak;
      counter.busyUntilS = t + day.serviceTimesS[calls++ % day.serviceTimesS.length]!;
    }
  }
  // 4. Nobody lost.
  expect(called.size).toBe(arrivals.length);
}

describe('fairness policy over many random days', () => {
  it('calls the most overdue ticket first, keeps the priority ratio and arrival order, and loses nobody', () => {
    fc.assert(
      fc.property(policyArb, fc.array(dayArb, { minLength: 1, maxLength: 5 }), (policy, days) => {
        days.forEach((day, index) => runDay(day, policy, index));
      }),
      { numRuns: 100 },
    );
  });
});
