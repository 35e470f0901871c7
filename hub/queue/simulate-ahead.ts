/**
 * What the simulator tells the wait predictor about a newly issued ticket: how many tickets the
 * fairness policy will serve before it, and how many counters serve its service.
 */
import type { FairnessPolicy, PriorityClass, WaitingTicket } from './policy.ts';

const RANK: Record<PriorityClass, number> = { appointment: 0, assisted: 1, vip: 2, normal: 3 };

/**
 * Tickets of the same service the policy will call before a ticket of class `priority` issued
 * now (so after everyone waiting). A normal ticket waits for everyone: earlier normals by arrival,
 * and every priority ticket passes it. A priority ticket waits for the P waiting tickets of its
 * own or a higher class; while those are called, the ratio rule lets a normal ticket through
 * after every `priorityRatio` priority calls, so min(normals waiting, ⌊P ÷ ratio⌋) more.
 * Tickets issued later that pass this one, and overdue tickets, are left to calibration.
 */
export function ticketsAhead(
  waiting: readonly WaitingTicket[],
  serviceId: string,
  priority: PriorityClass,
  policy: FairnessPolicy,
): number {
  const same = waiting.filter((ticket) => ticket.serviceId === serviceId);
  if (priority === 'normal') return same.length;
  const first = same.filter((ticket) => RANK[ticket.priority] <= RANK[priority]).length;
  const normals = same.filter((ticket) => ticket.priority === 'normal').length;
  return first + Math.min(normals, Math.floor(first / Math.max(1, policy.priorityRatio)));
}

/** Open counters for a service, a counter serving k services counting 1/k. */
export function effectiveCounters(openCounters: ReadonlyArray<{ serviceIds: readonly string[] }>, serviceId: string): number {
  let counters = 0;
  for (const counter of openCounters) {
    if (counter.serviceIds.includes(serviceId)) counters += 1 / counter.serviceIds.length;
  }
  return counters;
}
