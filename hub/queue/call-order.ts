/**
 * The order in which a service's waiting tickets will be called, for positions and predictions:
 * the fairness policy applied again and again, as if one counter served the service alone.
 * Tickets of other services that share its counters do not count; the prediction's effective
 * counter share accounts for them.
 */
import { pickNext, type FairnessPolicy, type WaitingTicket } from './policy.ts';

export function callOrder<T extends WaitingTicket>(waiting: readonly T[], serviceId: string, nowMs: number, policy: FairnessPolicy): T[] {
  const rest = waiting.filter((ticket) => ticket.serviceId === serviceId);
  const order: T[] = [];
  let streak = 0;
  while (rest.length > 0) {
    const pick = pickNext(rest, [serviceId], nowMs, policy, streak)!;
    order.push(pick.ticket as T);
    streak = pick.streak;
    rest.splice(rest.indexOf(pick.ticket as T), 1);
  }
  return order;
}
