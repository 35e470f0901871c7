/**
 * Tickets → per-service counts, waits, service level and service time for one window. Each fact
 * is counted in the window holding the instant that settles it (README: "Which hour"). Pure.
 */
import { addDuration, emptyDurations, inWindow, mergeDurations, type Window } from './durations.ts';
import type { ServiceTargets, TicketPart, TicketRecord } from './kpi-types.ts';
import { peakWaiting } from './waiting-peak.ts';

const GAVE_UP = new Set(['no-show', 'left', 'cancelled']);

export function emptyTicketPart(): TicketPart {
  return {
    issued: 0, transfersIn: 0, transfersOut: 0, served: 0, noShow: 0, abandoned: 0,
    wait: emptyDurations(), serviceTime: emptyDurations(), withinTarget: 0, serviceLevelBase: 0, peakWaiting: 0,
  };
}

function addTicket(part: TicketPart, ticket: TicketRecord, window: Window, targetS: number | undefined): void {
  const targetMs = targetS === undefined ? undefined : targetS * 1000;
  if (ticket.transferredFromId === null && inWindow(ticket.issuedAt, window)) part.issued += 1;
  if (ticket.transferredFromId !== null && inWindow(ticket.joinedAt, window)) part.transfersIn += 1;
  if (inWindow(ticket.startedAt, window)) {
    const waitMs = (ticket.calledAt ?? ticket.startedAt) - ticket.joinedAt;
    part.served += 1;
    addDuration(part.wait, waitMs);
    if (targetMs !== undefined) {
      part.serviceLevelBase += 1;
      if (waitMs <= targetMs) part.withinTarget += 1;
    }
  }
  if (!inWindow(ticket.endedAt, window)) return;
  if (ticket.status === 'no-show') part.noShow += 1;
  if (ticket.status === 'left' || ticket.status === 'cancelled') part.abandoned += 1;
  if (ticket.status === 'transferred') part.transfersOut += 1;
  if (ticket.startedAt !== null) addDuration(part.serviceTime, ticket.endedAt - ticket.startedAt);
  // A customer who gave up after waiting longer than the target is a miss; one who gave up sooner is left out.
  const waitedMs = (ticket.calledAt ?? ticket.endedAt) - ticket.joinedAt;
  if (GAVE_UP.has(ticket.status) && targetMs !== undefined && waitedMs > targetMs) {
    part.serviceLevelBase += 1;
  }
}

function isEmpty(part: TicketPart): boolean {
  return part.issued + part.transfersIn + part.transfersOut + part.served + part.noShow + part.abandoned
    + part.serviceTime.count + part.serviceLevelBase + part.peakWaiting === 0;
}

/** Service id → its part, only for services with something to count in the window. */
export function ticketParts(tickets: readonly TicketRecord[], window: Window, targets: ServiceTargets): Record<string, TicketPart> {
  const byService = new Map<string, TicketRecord[]>();
  for (const ticket of tickets) {
    const list = byService.get(ticket.serviceId);
    if (list) list.push(ticket);
    else byService.set(ticket.serviceId, [ticket]);
  }
  const parts: Record<string, TicketPart> = {};
  for (const [serviceId, serviceTickets] of byService) {
    const part = emptyTicketPart();
    for (const ticket of serviceTickets) addTicket(part, ticket, window, targets[serviceId]);
    part.peakWaiting = peakWaiting(serviceTickets, window);
    if (!isEmpty(part)) parts[serviceId] = part;
  }
  return parts;
}

/** Counts add, durations merge, peaks take the highest. */
export function mergeTicketParts(parts: readonly TicketPart[]): TicketPart {
  const sum = (pick: (part: TicketPart) => number) => parts.reduce((total, part) => total + pick(part), 0);
  return {
    issued: sum((p) => p.issued),
    transfersIn: sum((p) => p.transfersIn),
    transfersOut: sum((p) => p.transfersOut),
    served: sum((p) => p.served),
    noShow: sum((p) => p.noShow),
    abandoned: sum((p) => p.abandoned),
    wait: mergeDurations(parts.map((p) => p.wait)),
    serviceTime: mergeDurations(parts.map((p) => p.serviceTime)),
    withinTarget: sum((p) => p.withinTarget),
    serviceLevelBase: sum((p) => p.serviceLevelBase),
    peakWaiting: parts.reduce((peak, part) => Math.max(peak, part.peakWaiting), 0),
  };
}
