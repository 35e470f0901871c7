/** What the queue announces on the hub's bus (see bus.ts): realtime, alerts and reports react to it. */
import type { PriorityClass } from './policy.ts';
import type { TicketStatus } from './lifecycle.ts';
import type { CallNotice } from './schemas.ts';

/** One lifecycle transition of a ticket, as stored in TicketEvent. `from` is null at issue. */
export interface TicketChange {
  ticketId: string;
  number: string;
  serviceId: string;
  priority: PriorityClass;
  from: TicketStatus | null;
  to: TicketStatus;
  counterId: string | null;
  actor: string;
  at: string;
}

export interface QueueCall extends CallNotice {
  ticketId: string;
}

export interface CounterChange {
  counterId: string;
  open: boolean;
  /** Who works it now (see CounterInfo.staffId), and their display name. */
  staffId: string | null;
  staffName: string | null;
}
