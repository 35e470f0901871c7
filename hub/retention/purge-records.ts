/**
 * The raw records the retention job deletes, one function per kind of record, each in batches
 * (batches.ts) and each returning what it deleted by table. What they keep, and why:
 *
 * - events: all but the latest `tp.edge.status` of each source, which live state rebuilds the
 *   node list from at start (it is about a device, not a person);
 * - tickets: a whole branch-local day at a time (a transfer is a second ticket of the same day), and
 *   only days with no ticket still open or ended after the cutoff;
 * - alerts: only resolved ones whose every time, and every time of their dispatches, is before it.
 */
import type { Db } from '../db/database.ts';
import { ACTIVE_STATUSES } from '../queue/lifecycle.ts';
import { localDay } from '../queue/branch-time.ts';
import { inBatches, type BatchOptions } from './batches.ts';

export type PurgedCounts = Record<string, number>;

interface Scope {
  db: Db;
  branchId: string;
  batch: BatchOptions;
}

/** For records that belong to no branch (dead letters, the audit log): an HQ hub has them too. */
type HubScope = Omit<Scope, 'branchId'>;

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

/** Events before `before`, keeping each source's latest status. */
export async function purgeEvents({ db, branchId, batch }: Scope, before: Date): Promise<PurgedCounts> {
  const latest = await db.event.groupBy({ by: ['sourceKind', 'sourceId'], where: { branchId, type: 'tp.edge.status' }, _max: { receivedAt: true } });
  const keep = await Promise.all(latest.map(async (group) => (await db.event.findFirst({
    where: { branchId, type: 'tp.edge.status', sourceKind: group.sourceKind, sourceId: group.sourceId, receivedAt: group._max.receivedAt! },
    select: { id: true },
  }))?.id));
  const kept = keep.filter((id): id is string => id !== undefined);
  const event = await inBatches(batch,
    async (take) => ids(await db.event.findMany({ where: { branchId, time: { lt: before }, id: { notIn: kept } }, select: { id: true }, take })),
    async (chunk) => (await db.event.deleteMany({ where: { id: { in: chunk } } })).count);
  return { event };
}

/** Tickets (and their lifecycle) of the branch-local days wholly before `before`. */
export async function purgeTickets({ db, branchId, batch }: Scope, before: Date, timezone: string): Promise<PurgedCounts> {
  const lastDay = localDay(before.getTime(), timezone); // tickets of this day and later stay
  const [days, blocked] = await Promise.all([
    db.ticket.groupBy({ by: ['day'], where: { branchId, day: { lt: lastDay } } }),
    db.ticket.groupBy({
      by: ['day'],
      where: { branchId, day: { lt: lastDay }, OR: [{ status: { in: [...ACTIVE_STATUSES] } }, { endedAt: null }, { endedAt: { gte: before } }] },
    }),
  ]);
  const closed = new Set(blocked.map((group) => group.day));
  const purgeable = days.map((group) => group.day).filter((day) => !closed.has(day));
  if (purgeable.length === 0) return { ticket: 0, 'ticket-event': 0 };
  let ticketEvent = 0;
  const ticket = await inBatches(batch,
    async (take) => ids(await db.ticket.findMany({ where: { branchId, day: { in: purgeable } }, select: { id: true }, take })),
    (chunk) => db.$transaction(async (tx) => {
      ticketEvent += (await tx.ticketEvent.deleteMany({ where: { ticketId: { in: chunk } } })).count;
      return (await tx.ticket.deleteMany({ where: { id: { in: chunk } } })).count;
    }));
  return { ticket, 'ticket-event': ticketEvent };
}

/** Feedback answers given before `before` (their scores live on in the experience log). */
export async function purgeFeedback({ db, branchId, batch }: Scope, before: Date): Promise<PurgedCounts> {
  const feedback = await inBatches(batch,
    async (take) => ids(await db.feedback.findMany({ where: { branchId, at: { lt: before } }, select: { id: true }, take })),
    async (chunk) => (await db.feedback.deleteMany({ where: { id: { in: chunk } } })).count);
  return { feedback };
}

const DISPATCH_TIMES = ['createdAt', 'acceptedAt', 'arrivedAt', 'resolvedAt', 'escalatedAt', 'cancelledAt'] as const;

/** Resolved alerts opened and resolved before `before`, with their story and their dispatches. */
export async function purgeAlerts({ db, branchId, batch }: Scope, before: Date): Promise<PurgedCounts> {
  const counts: PurgedCounts = { alert: 0, 'alert-step': 0, dispatch: 0, 'dispatch-offer': 0 };
  // An alert whose dispatch still moved after the cutoff stays, and is not asked about again.
  const skipped = new Set<string>();
  await inBatches(batch,
    async (take) => ids(await db.alert.findMany({
      where: { branchId, status: 'resolved', openedAt: { lt: before }, resolvedAt: { lt: before }, id: { notIn: [...skipped] } },
      select: { id: true }, orderBy: { openedAt: 'asc' }, take,
    })),
    async (chunk) => {
      const late = await db.dispatch.findMany({
        where: { alertId: { in: chunk }, OR: DISPATCH_TIMES.map((field) => ({ [field]: { gte: before } })) },
        select: { alertId: true },
      });
      for (const { alertId } of late) skipped.add(alertId);
      const alertIds = chunk.filter((id) => !skipped.has(id));
      if (alertIds.length === 0) return 0;
      return db.$transaction(async (tx) => {
        const dispatchIds = ids(await tx.dispatch.findMany({ where: { alertId: { in: alertIds } }, select: { id: true } }));
        counts['dispatch-offer']! += (await tx.dispatchOffer.deleteMany({ where: { dispatchId: { in: dispatchIds } } })).count;
        counts.dispatch! += (await tx.dispatch.deleteMany({ where: { id: { in: dispatchIds } } })).count;
        counts['alert-step']! += (await tx.alertStep.deleteMany({ where: { alertId: { in: alertIds } } })).count;
        const removed = (await tx.alert.deleteMany({ where: { id: { in: alertIds } } })).count;
        counts.alert! += removed;
        return removed;
      });
    });
  return counts;
}

/** Dead letters received before `before`. */
export async function purgeDeadLetters({ db, batch }: HubScope, before: Date): Promise<PurgedCounts> {
  const deadLetter = await inBatches(batch,
    async (take) => (await db.deadLetter.findMany({ where: { receivedAt: { lt: before } }, select: { id: true }, take })).map((row) => row.id),
    async (chunk) => (await db.deadLetter.deleteMany({ where: { id: { in: chunk } } })).count);
  return { 'dead-letter': deadLetter };
}

/** Audit log entries from before `before`. */
export async function purgeAuditLog({ db, batch }: HubScope, before: Date): Promise<PurgedCounts> {
  const audit = await inBatches(batch,
    async (take) => (await db.auditLog.findMany({ where: { at: { lt: before } }, select: { id: true }, take })).map((row) => row.id),
    async (chunk) => (await db.auditLog.deleteMany({ where: { id: { in: chunk } } })).count);
  return { audit };
}

/** Appointments whose slot ended before `before` (booked, checked in or cancelled alike). */
export async function purgeAppointments({ db, branchId, batch }: Scope, before: Date): Promise<PurgedCounts> {
  const appointment = await inBatches(batch,
    async (take) => ids(await db.appointment.findMany({ where: { branchId, end: { lt: before } }, select: { id: true }, take })),
    async (chunk) => (await db.appointment.deleteMany({ where: { id: { in: chunk } } })).count);
  return { appointment };
}
