/**
 * The fairness policy that decides which waiting ticket a counter calls next. Pure: no clock,
 * no database; the queue service and the simulator (simulate.ts) both call `pickNext`.
 *
 * Order, for the tickets of the services the counter serves:
 * 1. overdue tickets — waited longer than their class's `maxWaitS` — longest overdue first;
 * 2. otherwise priority tickets (appointment > assisted > vip, then arrival), except that a
 *    counter calls at most `priorityRatio` priority tickets in a row while a normal ticket waits;
 * 3. then normal tickets by arrival (`queuedAt`).
 * Tickets queued in the same millisecond keep the order of `waiting`: pass it in issue order.
 */

export const PRIORITY_CLASSES = ['appointment', 'assisted', 'vip', 'normal'] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

export interface FairnessPolicy {
  /** A counter calls at most this many priority tickets in a row while a normal ticket waits. */
  priorityRatio: number;
  /** A ticket that has waited longer than its class's maximum (seconds) is called first. */
  maxWaitS: Record<PriorityClass, number>;
}

export interface WaitingTicket {
  id: string;
  serviceId: string;
  priority: PriorityClass;
  /** Its place in the queue (issue time, kept across a transfer), epoch milliseconds. */
  queuedAtMs: number;
}

/**
 * Per counter: how many priority tickets it has called in a row while a normal ticket was
 * waiting. Start at 0; keep the `streak` that `pickNext` returns for the next call.
 */
export type PriorityStreak = number;

export type PickReason = 'overdue' | 'priority' | 'normal';

export interface Pick {
  ticket: WaitingTicket;
  reason: PickReason;
  /** The counter's streak after this call. */
  streak: PriorityStreak;
}

const RANK: Record<PriorityClass, number> = { appointment: 0, assisted: 1, vip: 2, normal: 3 };

/** How far past its class's maximum wait a ticket is at `now`, in ms (≤ 0: not overdue). */
export function overdueMs(ticket: WaitingTicket, now: number, policy: FairnessPolicy): number {
  return now - ticket.queuedAtMs - policy.maxWaitS[ticket.priority] * 1000;
}

const byArrival = (a: WaitingTicket, b: WaitingTicket): number => a.queuedAtMs - b.queuedAtMs;

/** The first of `tickets` in the order `compare` gives (the earliest of equals), without sorting them all. */
function first(tickets: WaitingTicket[], compare: (a: WaitingTicket, b: WaitingTicket) => number): WaitingTicket | undefined {
  let best: WaitingTicket | undefined;
  for (const ticket of tickets) if (!best || compare(ticket, best) < 0) best = ticket;
  return best;
}

/**
 * The ticket a counter serving `counterServiceIds` calls next, with the reason and its new
 * streak, or null when none of its services has anyone waiting.
 */
export function pickNext(
  waiting: readonly WaitingTicket[],
  counterServiceIds: readonly string[],
  now: number,
  policy: FairnessPolicy,
  streak: PriorityStreak,
): Pick | null {
  const served = new Set(counterServiceIds);
  const eligible = waiting.filter((ticket) => served.has(ticket.serviceId));
  if (eligible.length === 0) return null;

  const normals = eligible.filter((ticket) => ticket.priority === 'normal');
  const priorities = eligible.filter((ticket) => ticket.priority !== 'normal');
  const normalWaits = normals.length > 0;
  // A priority call counts toward the ratio only while a normal ticket is being passed over.
  const after = (ticket: WaitingTicket): PriorityStreak => (ticket.priority !== 'normal' && normalWaits ? streak + 1 : 0);

  const overdue = first(
    eligible.filter((ticket) => overdueMs(ticket, now, policy) > 0),
    (a, b) => overdueMs(b, now, policy) - overdueMs(a, now, policy) || byArrival(a, b),
  );
  if (overdue) return { ticket: overdue, reason: 'overdue', streak: after(overdue) };

  const ratioReached = normalWaits && streak >= policy.priorityRatio;
  const priority = ratioReached ? undefined : first(priorities, (a, b) => RANK[a.priority] - RANK[b.priority] || byArrival(a, b));
  if (priority) return { ticket: priority, reason: 'priority', streak: after(priority) };

  const normal = first(normals, byArrival)!;
  return { ticket: normal, reason: 'normal', streak: 0 };
}
