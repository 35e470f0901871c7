/** Builders for KPI tests: records with only what a test cares about written out. Tests only. */
import type { ExperienceRecords, TicketRecord } from './kpi-types.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export function records(parts: Partial<ExperienceRecords> = {}): ExperienceRecords {
  return { tickets: [], feedback: [], alerts: [], dispatches: [], kioskSessions: [], queueObservations: [], ...parts };
}

let nextId = 0;

/** A ticket of `serviceId` issued at `issuedAt`; `issuedAt` is also when it joined the queue. */
export function ticket(serviceId: string, issuedAt: number, rest: Partial<TicketRecord> = {}): TicketRecord {
  nextId += 1;
  return {
    id: `t${nextId}`, serviceId, status: 'waiting', issuedAt, joinedAt: issuedAt,
    calledAt: null, startedAt: null, endedAt: null, transferredFromId: null, ...rest,
  };
}

/** A ticket that waited `waitS`, was served 30 s after its call for `serviceS`, and is done. */
export function servedTicket(serviceId: string, issuedAt: number, waitS: number, serviceS: number): TicketRecord {
  const calledAt = issuedAt + waitS * SECOND;
  const startedAt = calledAt + 30 * SECOND;
  return ticket(serviceId, issuedAt, { status: 'done', calledAt, startedAt, endedAt: startedAt + serviceS * SECOND });
}
