/**
 * What the wait predictor is told about a newly issued ticket: how many tickets the fairness policy
 * will serve before it (the simulator's count), and how many counters serve its service.
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

/**
 * Open counters for a service, each counted by the share of its time the service gets: a counter
 * shares itself among those of its services that have someone waiting (this one included), so
 * one that also serves an empty line counts fully. The queue snapshot and the simulator both use it.
 */
export function effectiveCounters(openCounters: ReadonlyArray<{ serviceIds: readonly string[] }>, serviceId: string, hasWaiting: (serviceId: string) => boolean): number {
  let counters = 0;
  for (const counter of openCounters) {
    if (!counter.serviceIds.includes(serviceId)) continue;
    counters += 1 / counter.serviceIds.filter((id) => id === serviceId || hasWaiting(id)).length;
  }
  return counters;
}
