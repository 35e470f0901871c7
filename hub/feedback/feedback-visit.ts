/**
 * The visit an answer is about, read from its ticket: the ticket number the floor can look for, the
 * service, the counter that served it and how long the customer waited. Nothing about who the
 * customer is — a ticket carries no identity.
 */
import type { Db } from '../db/database.ts';

export interface FeedbackVisit {
  ticketId: string;
  /** The number on the ticket and the screens (A012), so the floor can find the customer. */
  ticketNumber: string;
  serviceId: string;
  /** The counter that called the ticket last, with its names; null when it was never called. */
  counter: { id: string; nameEn: string; nameZh: string } | null;
  /**
   * From taking the ticket to its first call, or to its end when it was never called (no-show,
   * left, cancelled); null while it still waits.
   */
  waitS: number | null;
}

export async function feedbackVisit(db: Db, branchId: string, ticketId: string): Promise<FeedbackVisit | null> {
  const ticket = await db.ticket.findFirst({
    where: { id: ticketId, branchId },
    select: { id: true, number: true, serviceId: true, counterId: true, issuedAt: true, calledAt: true, endedAt: true },
  });
  if (!ticket) return null;
  const counter = ticket.counterId
    ? await db.counter.findUnique({ where: { branchId_id: { branchId, id: ticket.counterId } }, select: { id: true, nameEn: true, nameZh: true } })
    : null;
  const waitedUntil = ticket.calledAt ?? ticket.endedAt;
  return {
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    serviceId: ticket.serviceId,
    // A counter deleted since still served the visit: its id stands in for its names.
    counter: ticket.counterId ? (counter ?? { id: ticket.counterId, nameEn: ticket.counterId, nameZh: ticket.counterId }) : null,
    waitS: waitedUntil ? Math.max(0, Math.round((waitedUntil.getTime() - ticket.issuedAt.getTime()) / 1000)) : null,
  };
}
