/**
 * Ticket rows and their history in the database. Every status change is a conditional UPDATE
 * (it only applies while the ticket is still in the status it was read in) written together
 * with its TicketEvent, so the log and the ticket never disagree and a raced change fails loudly.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma, Ticket } from '../../generated/prisma/client.ts';
import { conflict, notFound } from '../api/errors.ts';
import type { Db } from '../db/database.ts';
import { assertTransition, type TicketStatus } from './lifecycle.ts';
import type { PriorityClass } from './policy.ts';
import { ticketCode } from './numbering.ts';
import type { Language } from './schemas.ts';

export type Tx = Prisma.TransactionClient;

/** Waiting tickets in the order they joined, so the policy breaks ties of the same millisecond by number. */
export const ISSUE_ORDER: Prisma.TicketOrderByWithRelationInput[] = [{ queuedAt: 'asc' }, { seq: 'asc' }];

export interface TransitionContext {
  at: Date;
  actor: string;
  counterId: string | null;
  /** Further columns to set with the status. */
  set?: Prisma.TicketUpdateManyMutationInput;
}

export async function findTicket(db: Db | Tx, branchId: string, id: string): Promise<Ticket> {
  const ticket = await db.ticket.findFirst({ where: { id, branchId } });
  if (!ticket) throw notFound(`ticket ${id}`);
  return ticket;
}

export async function findTicketByCode(db: Db | Tx, branchId: string, code: string): Promise<Ticket> {
  const ticket = await db.ticket.findFirst({ where: { code, branchId } });
  if (!ticket) throw notFound('ticket with this code');
  return ticket;
}

/** Moves `ticket` to `to` and records the transition; the row as it is afterwards. */
export async function moveTicket(tx: Tx, ticket: Ticket, to: TicketStatus, context: TransitionContext): Promise<Ticket> {
  const from = ticket.status as TicketStatus;
  assertTransition(ticket.number, from, to);
  const { count } = await tx.ticket.updateMany({ where: { id: ticket.id, status: from }, data: { ...context.set, status: to } });
  if (count === 0) throw conflict(`ticket ${ticket.number} changed meanwhile (it is no longer ${from}); reload and try again`);
  await tx.ticketEvent.create({ data: { ticketId: ticket.id, at: context.at, from, to, counterId: context.counterId, actor: context.actor } });
  return tx.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
}

export interface NewTicket {
  branchId: string;
  serviceId: string;
  day: string;
  seq: number;
  number: string;
  code: string;
  priority: PriorityClass;
  language: Language;
  issuedAt: Date;
  queuedAt: Date;
  transferredFromId?: string;
  appointmentId?: string;
}

/** Inserts a waiting ticket and its first TicketEvent (from nothing to waiting). */
export async function insertTicket(tx: Tx, ticket: NewTicket, context: { at: Date; actor: string }): Promise<Ticket> {
  const row = await tx.ticket.create({ data: { ...ticket, id: randomUUID(), status: 'waiting' } });
  await tx.ticketEvent.create({ data: { ticketId: row.id, at: context.at, from: null, to: 'waiting', counterId: null, actor: context.actor } });
  return row;
}

/**
 * The next sequence number of a service on a branch-local day. Tickets transferred in carry
 * another service's number and do not count.
 */
export async function nextSeq(tx: Tx, branchId: string, day: string, serviceId: string): Promise<number> {
  const { _max } = await tx.ticket.aggregate({ where: { branchId, day, serviceId, transferredFromId: null }, _max: { seq: true } });
  return (_max.seq ?? 0) + 1;
}

/** The ticket a counter holds (called or serving), if any. */
export async function ticketAtCounter(db: Db | Tx, branchId: string, counterId: string): Promise<Ticket | null> {
  return db.ticket.findFirst({ where: { branchId, counterId, status: { in: ['called', 'serving'] } } });
}

/**
 * Moves a ticket to another service: the old one becomes `transferred`, and a new waiting one
 * keeps its number, issue time and place in line (`queuedAt`). The new ticket takes over the
 * secret code, so the customer's phone page follows it; the old one gets a fresh code nobody holds.
 */
export async function transferTicket(tx: Tx, ticket: Ticket, serviceId: string, context: { at: Date; actor: string }): Promise<Ticket> {
  await moveTicket(tx, ticket, 'transferred', { ...context, counterId: ticket.counterId, set: { endedAt: context.at, code: ticketCode() } });
  return insertTicket(tx, {
    branchId: ticket.branchId, serviceId, day: ticket.day, seq: ticket.seq, number: ticket.number, code: ticket.code,
    priority: ticket.priority as PriorityClass, language: ticket.language as Language,
    issuedAt: ticket.issuedAt, queuedAt: ticket.queuedAt, transferredFromId: ticket.id,
  }, context);
}

/** The latest `take` served tickets, oldest first, to warm the wait predictor at start. */
export async function recentlyServed(db: Db, branchId: string, take: number): Promise<Ticket[]> {
  const rows = await db.ticket.findMany({
    where: { branchId, status: 'done', startedAt: { not: null }, endedAt: { not: null } },
    orderBy: { endedAt: 'desc' },
    take,
  });
  return rows.reverse();
}

/** Start → done of a served ticket, seconds. */
export function serviceSeconds(ticket: Ticket): number {
  return (ticket.endedAt!.getTime() - ticket.startedAt!.getTime()) / 1000;
}
