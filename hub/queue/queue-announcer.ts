/** Puts the queue's changes on the bus: every ticket transition, and every call for the displays. */
import type { Ticket } from '../../generated/prisma/client.ts';
import type { EventBus } from '../bus.ts';
import type { TicketStatus } from './lifecycle.ts';
import type { PriorityClass } from './policy.ts';
import type { Language } from './schemas.ts';

export class QueueAnnouncer {
  constructor(
    private readonly bus: EventBus,
    private readonly now: () => number,
  ) {}

  /** `ticket` went from `from` (null: it was just issued) to its status; returns it. */
  ticket(ticket: Ticket, from: TicketStatus | null, actor: string): Ticket {
    this.bus.emit('queue.ticket', {
      ticketId: ticket.id, number: ticket.number, serviceId: ticket.serviceId, priority: ticket.priority as PriorityClass,
      from, to: ticket.status as TicketStatus, counterId: ticket.counterId, actor, at: new Date(this.now()).toISOString(),
    });
    return ticket;
  }

  /** `ticket` was called (or recalled) to its counter. */
  call(ticket: Ticket, counter: { nameEn: string; nameZh: string }, at: Date, recall: boolean): void {
    this.bus.emit('queue.call', {
      ticketId: ticket.id, number: ticket.number, serviceId: ticket.serviceId, counterId: ticket.counterId!,
      counterNameEn: counter.nameEn, counterNameZh: counter.nameZh, calledAt: at.toISOString(), recall, language: ticket.language as Language,
    });
  }
}
