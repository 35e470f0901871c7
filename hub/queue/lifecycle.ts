/**
 * The ticket lifecycle: waiting → called → serving → done, with the ways out of the queue.
 * Every status change goes through `assertTransition`, so a wrong one answers 409 naming both ends.
 */
import { conflict } from '../api/errors.ts';

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no-show', 'transferred', 'cancelled', 'left'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Where a ticket may go from each status. `called → called` is a recall. */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  waiting: ['called', 'no-show', 'transferred', 'cancelled', 'left'],
  called: ['called', 'serving', 'no-show', 'transferred', 'cancelled', 'left'],
  serving: ['done', 'transferred'],
  done: [],
  'no-show': [],
  transferred: [],
  cancelled: [],
  left: [],
};

/** Statuses in which a ticket still holds a place: in the queue or at a counter. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['waiting', 'called', 'serving'];
/** A counter holds at most one ticket in these statuses. */
export const AT_COUNTER_STATUSES: readonly TicketStatus[] = ['called', 'serving'];

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws a 409 that names the ticket and both statuses when `from → to` is not allowed. */
export function assertTransition(number: string, from: TicketStatus, to: TicketStatus): void {
  if (canTransition(from, to)) return;
  const allowed = TRANSITIONS[from];
  const hint = allowed.length ? `from ${from} it can go to ${allowed.join(', ')}` : `${from} is final`;
  throw conflict(`ticket ${number} cannot go from ${from} to ${to} (${hint})`);
}
