/**
 * The hub's database → the experience records of one branch-local hour (kpi-types.ts), read by
 * indexed time ranges so computing an hour costs that hour's rows, not the whole log. It returns
 * every row that may hold a moment inside the hour; `aggregateHour` picks the moments.
 */
import { kioskSession, queueObserved } from '../../protocol/events.ts';
import type { Db } from '../db/database.ts';
import { addDays, localDay, startOfLocalDay } from '../queue/branch-time.ts';
import type { Window } from './durations.ts';
import type {
  AlertRecord, DispatchRecord, ExperienceRecords, FeedbackRecord, KioskSessionRecord, QueueObservationRecord, ServiceTargets, TicketRecord, TicketStatus,
} from './kpi-types.ts';

const KIOSK_SESSION = 'tp.kiosk.session';
const QUEUE_OBSERVED = 'tp.queue.observed';
const RESOLVERS = new Set(['staff', 'manager', 'auto']);

const ms = (date: Date | null): number | null => (date === null ? null : date.getTime());
const during = (window: Window) => ({ gte: new Date(window.start), lt: new Date(window.end) });

/** Ids per `IN (…)` list: well under SQLite's 999 bound values per statement. */
const ID_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/**
 * Tickets with a moment in the hour, or waiting through its start (for the peak of tickets
 * waiting). A ticket lives within its branch-local day and the end-of-day close ends what is left
 * open soon after midnight, so the day before the hour and the hour's day bound the search; the
 * ticket events of the hour (indexed by time) add any ticket settled later than that, e.g. closed
 * by the end-of-day close when the hub starts after a night switched off.
 */
async function ticketRecords(db: Db, branchId: string, window: Window, timezone: string): Promise<TicketRecord[]> {
  // The tickets of the window's days that were open in it (served by the day index), then any
  // older ticket a lifecycle event touched in it, by id in chunks (SQLite binds at most 999
  // values per statement; a busy hour touches more tickets than that).
  const rows = await db.ticket.findMany({
    where: {
      branchId,
      day: { gte: addDays(localDay(window.start, timezone), -1), lte: localDay(window.end - 1, timezone) },
      issuedAt: { lt: new Date(window.end) },
      OR: [{ endedAt: null }, { endedAt: { gte: new Date(window.start) } }],
    },
  });
  const found = new Set(rows.map((row) => row.id));
  const touched = await db.ticketEvent.findMany({ where: { at: during(window) }, select: { ticketId: true }, distinct: ['ticketId'] });
  const missing = touched.map((event) => event.ticketId).filter((id) => !found.has(id));
  for (const ids of chunks(missing, ID_CHUNK)) rows.push(...(await db.ticket.findMany({ where: { branchId, id: { in: ids } } })));
  // A transferred ticket joined its queue at the transfer: its first lifecycle event.
  const transferred = rows.filter((row) => row.transferredFromId !== null).map((row) => row.id);
  const joins = transferred.length === 0
    ? []
    : (await Promise.all(chunks(transferred, ID_CHUNK).map((ids) => db.ticketEvent.groupBy({ by: ['ticketId'], where: { ticketId: { in: ids } }, _min: { at: true } })))).flat();
  const joinedAt = new Map(joins.map((join) => [join.ticketId, ms(join._min.at)]));
  return rows.map((row) => ({
    id: row.id,
    serviceId: row.serviceId,
    status: row.status as TicketStatus,
    issuedAt: row.issuedAt.getTime(),
    joinedAt: (row.transferredFromId === null ? null : joinedAt.get(row.id)) ?? row.issuedAt.getTime(),
    calledAt: ms(row.calledAt),
    startedAt: ms(row.startedAt),
    endedAt: ms(row.endedAt),
    transferredFromId: row.transferredFromId,
  }));
}

async function feedbackRecords(db: Db, branchId: string, window: Window): Promise<FeedbackRecord[]> {
  const rows = await db.feedback.findMany({ where: { branchId, at: during(window) } });
  return rows.map((row) => ({ at: row.at.getTime(), serviceId: row.serviceId, csat: row.csat, nps: row.nps, comment: row.comment }));
}

/** Alerts opened or resolved in the hour, and dispatches accepted or reached in it. */
async function alertRecords(db: Db, branchId: string, window: Window): Promise<{ alerts: AlertRecord[]; dispatches: DispatchRecord[] }> {
  const [alerts, dispatches] = await Promise.all([
    db.alert.findMany({ where: { branchId, OR: [{ openedAt: during(window) }, { resolvedAt: during(window) }] } }),
    db.dispatch.findMany({ where: { branchId, OR: [{ acceptedAt: during(window) }, { arrivedAt: during(window) }] } }),
  ]);
  return {
    alerts: alerts.map((row) => ({
      id: row.id,
      kind: row.kind,
      openedAt: row.openedAt.getTime(),
      resolvedAt: ms(row.resolvedAt),
      resolvedBy: row.resolvedBy !== null && RESOLVERS.has(row.resolvedBy) ? (row.resolvedBy as AlertRecord['resolvedBy']) : null,
    })),
    dispatches: dispatches.map((row) => ({
      id: row.id, alertId: row.alertId, createdAt: row.createdAt.getTime(), acceptedAt: ms(row.acceptedAt), arrivedAt: ms(row.arrivedAt),
    })),
  };
}

/** Kiosk sessions from the event log; `data` is the validated JSON. */
async function kioskSessionRecords(db: Db, branchId: string, window: Window): Promise<KioskSessionRecord[]> {
  const rows = await db.event.findMany({ where: { branchId, time: during(window), type: KIOSK_SESSION }, select: { time: true, data: true } });
  return rows.flatMap((row) => {
    // Ingest stored only events that passed this schema; parsing again keeps the types honest.
    const data = kioskSession.safeParse(JSON.parse(row.data));
    if (!data.success) return [];
    const { zoneId, task, outcome, answer } = data.data;
    return [{ at: row.time.getTime(), zoneId, task, outcome, ...(answer && { answer: { need: answer.need, sure: answer.sure } }) }];
  });
}

/** Camera queue counts from the event log: every count of the window, read and parsed. */
export async function queueObservationRecords(db: Db, branchId: string, window: Window): Promise<QueueObservationRecord[]> {
  const rows = await db.event.findMany({ where: { branchId, time: during(window), type: QUEUE_OBSERVED }, select: { time: true, data: true } });
  return rows.flatMap((row) => {
    const data = queueObserved.safeParse(JSON.parse(row.data));
    return data.success ? [{ at: row.time.getTime(), zoneId: data.data.zoneId, count: data.data.count }] : [];
  });
}

/** Where an hour's camera counts come from: the event log by default (`LiveCameraPeaks` keeps them up to date instead). */
export type QueueObservationSource = (window: Window) => Promise<readonly QueueObservationRecord[]>;

/** Every record that may have a moment inside `window` (one branch-local hour). */
export async function recordsOfHour(
  db: Db, branchId: string, window: Window, timezone: string,
  queueObservations: QueueObservationSource = (hour) => queueObservationRecords(db, branchId, hour),
): Promise<ExperienceRecords> {
  const [tickets, feedback, alerts, kioskSessions, observations] = await Promise.all([
    ticketRecords(db, branchId, window, timezone),
    feedbackRecords(db, branchId, window),
    alertRecords(db, branchId, window),
    kioskSessionRecords(db, branchId, window),
    queueObservations(window),
  ]);
  return { tickets, feedback, ...alerts, kioskSessions, queueObservations: observations };
}

/** Service id → target wait in seconds, as configured now. */
export async function serviceTargets(db: Db, branchId: string): Promise<ServiceTargets> {
  const services = await db.service.findMany({ where: { branchId }, select: { id: true, targetWaitS: true } });
  return Object.fromEntries(services.map((service) => [service.id, service.targetWaitS]));
}

/** The earliest moment the branch's log holds anything, or null when it is empty. */
export async function logStart(db: Db, branchId: string, timezone: string): Promise<number | null> {
  const [ticket, feedback, event, alert] = await Promise.all([
    db.ticket.findFirst({ where: { branchId }, orderBy: { day: 'asc' }, select: { day: true } }),
    db.feedback.findFirst({ where: { branchId }, orderBy: { at: 'asc' }, select: { at: true } }),
    db.event.findFirst({ where: { branchId }, orderBy: { time: 'asc' }, select: { time: true } }),
    db.alert.aggregate({ where: { branchId }, _min: { openedAt: true } }),
  ]);
  const starts = [
    ticket ? startOfLocalDay(ticket.day, timezone) : null,
    ms(feedback?.at ?? null),
    ms(event?.time ?? null),
    ms(alert._min.openedAt),
  ].filter((start): start is number => start !== null);
  return starts.length === 0 ? null : Math.min(...starts);
}
