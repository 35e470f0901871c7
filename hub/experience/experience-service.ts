/**
 * Keeps the experience log aggregated by branch-local hour (`ExperienceHour` rows, one
 * `HourAggregate` each), so KPIs for any period merge stored hours and never rescan raw records.
 * At start it fills the hours missing since the last stored one (or since the log began, at most
 * MAX_BACKFILL_DAYS back); then every minute it recomputes the hours not yet final from their own
 * records and finalises those that are over. A final hour is never computed again — unless the
 * clock went back to before it was over (an NTP step after running ahead): then it is open again,
 * so the records of the repeated minutes count, and final again, with a newer `computedAt`, once over.
 */
import type { EventBus } from '../bus.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { ACTIVE_STATUSES } from '../queue/lifecycle.ts';
import { addDays, localDay, startOfLocalDay } from '../queue/branch-time.ts';
import { Serial } from '../queue/serial.ts';
import { aggregateHour, aggregatePeriod } from './aggregate.ts';
import type { Window } from './durations.ts';
import type { HourAggregate } from './kpi-types.ts';
import { HOUR_MS, localHourLabel, localHourStart } from './local-hours.ts';
import { LiveCameraPeaks } from './live-camera-peaks.ts';
import { logStart, queueObservationRecords, recordsOfHour, serviceTargets } from './records-from-db.ts';

/** An hour becomes final this long after it ends: facts recorded a little late still count. */
export const FINAL_GRACE_MS = 5 * 60_000;
/** How far back a start fills hours that were never computed. */
export const MAX_BACKFILL_DAYS = 35;
const TICK_MS = 60_000;

const NO_RECORDS = { tickets: [], feedback: [], alerts: [], dispatches: [], kioskSessions: [], queueObservations: [] };

/** The aggregate of whole branch-local hours with nothing in them: every KPI reads "no data". */
export function emptyAggregate(window: Window, timezone: string): HourAggregate {
  return aggregatePeriod(NO_RECORDS, window, timezone, {});
}

export interface StoredHour {
  hourStart: number;
  label: string;
  final: boolean;
  aggregate: HourAggregate;
}

export interface ExperienceServiceDeps {
  db: Db;
  bus: EventBus;
  branchId: string;
  log: Logger;
  now?: () => number;
}

export class ExperienceService {
  readonly #now: () => number;
  /** Catch-ups run one at a time: the timer and a request never compute the same hour at once. */
  readonly #serial = new Serial();
  readonly #cameraPeaks: LiveCameraPeaks;
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ExperienceServiceDeps) {
    this.#now = deps.now ?? Date.now;
    this.#cameraPeaks = new LiveCameraPeaks(deps.bus, (window) => queueObservationRecords(deps.db, deps.branchId, window));
  }

  async start(): Promise<void> {
    await this.tick();
    this.#timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.deps.log.error({ err: error }, 'updating the experience hours failed'));
    }, TICK_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#serial.idle();
    this.#cameraPeaks.stop();
  }

  /** Brings the stored hours up to now: the hours not yet final, and any after the last stored one. */
  tick(): Promise<void> {
    return this.#serial.run(() => this.#catchUp());
  }

  async timezone(): Promise<string> {
    const branch = await this.deps.db.branch.findUniqueOrThrow({ where: { id: this.deps.branchId }, select: { timezone: true } });
    return branch.timezone;
  }

  /** The stored hours of the branch-local days `from`..`to` (inclusive), brought up to now first. */
  async hours(from: string, to: string, timezone: string): Promise<StoredHour[]> {
    await this.tick();
    const rows = await this.deps.db.experienceHour.findMany({
      where: { branchId: this.deps.branchId, hourStart: { gte: new Date(startOfLocalDay(from, timezone)), lt: new Date(startOfLocalDay(addDays(to, 1), timezone)) } },
      orderBy: { hourStart: 'asc' },
    });
    return rows.map((row) => ({ hourStart: row.hourStart.getTime(), label: row.label, final: row.final, aggregate: JSON.parse(row.aggregate) as HourAggregate }));
  }

  async #catchUp(): Promise<void> {
    const { db, branchId } = this.deps;
    const now = this.#now();
    const timezone = await this.timezone();
    const current = localHourStart(now, timezone);
    const [pending, latest] = await Promise.all([
      // Not final yet; or final although it would not be now: the clock went back since (reopened below).
      db.experienceHour.findMany({
        where: { branchId, hourStart: { lte: new Date(current) }, OR: [{ final: false }, { hourStart: { gt: new Date(now - HOUR_MS - FINAL_GRACE_MS) } }] },
        select: { hourStart: true, final: true, computedAt: true },
      }),
      db.experienceHour.findFirst({ where: { branchId }, orderBy: { hourStart: 'desc' }, select: { hourStart: true } }),
    ]);
    const previous = new Map(pending.map((row) => [row.hourStart.getTime(), row]));
    const reopened = pending.filter((row) => row.final).length;
    if (reopened > 0) this.deps.log.warn({ hours: reopened, now: new Date(now).toISOString() }, 'the clock went back: final experience hours are open again and will be final again when they are over');
    const first = latest ? latest.hourStart.getTime() + HOUR_MS : localHourStart((await logStart(db, branchId, timezone)) ?? now, timezone);
    const floor = localHourStart(now - MAX_BACKFILL_DAYS * 24 * HOUR_MS, timezone);
    const starts = new Set(pending.map((row) => row.hourStart.getTime()));
    for (let start = Math.max(first, floor); start <= current; start += HOUR_MS) starts.add(start);
    if (starts.size === 0) return;
    let finalised = 0;
    let oldestOpen = current;
    const targets = await serviceTargets(db, branchId);
    for (const hourStart of [...starts].sort((a, b) => a - b)) {
      const records = await recordsOfHour(db, branchId, { start: hourStart, end: hourStart + HOUR_MS }, timezone, (window) => this.#cameraPeaks.observations(window));
      const aggregate = JSON.stringify(aggregateHour(records, hourStart, timezone, targets));
      const final = await this.#isFinal(hourStart, now, timezone);
      if (final) finalised++;
      else oldestOpen = Math.min(oldestOpen, hourStart);
      const before = previous.get(hourStart);
      // A computation is never older than the one it replaces (HQ keeps the latest), even after the clock went back;
      // a final hour opened again goes to HQ again once it is final.
      const computedAt = new Date(Math.max(now, (before?.computedAt.getTime() ?? -Infinity) + 1));
      const row = { label: localHourLabel(hourStart, timezone), aggregate, final, computedAt, ...(before?.final ? { publishedAt: null } : {}) };
      await db.experienceHour.upsert({
        where: { branchId_hourStart: { branchId, hourStart: new Date(hourStart) } },
        create: { branchId, hourStart: new Date(hourStart), ...row },
        update: row,
      });
    }
    this.#cameraPeaks.forgetBefore(oldestOpen);
    // More than the current hour: a first start or a restart filled a gap.
    if (starts.size > 2) this.deps.log.info({ hours: starts.size, from: localHourLabel(Math.min(...starts), timezone) }, 'experience hours filled');
    this.deps.bus.emit('experience.updated', { finalised });
  }

  /**
   * An hour is final once it ended more than the grace period ago; the last hour of a day also
   * waits for the queue's end-of-day close to end the tickets that day left open.
   */
  async #isFinal(hourStart: number, now: number, timezone: string): Promise<boolean> {
    const end = hourStart + HOUR_MS;
    if (now < end + FINAL_GRACE_MS) return false;
    const day = localDay(hourStart, timezone);
    if (localDay(end, timezone) === day) return true;
    const open = await this.deps.db.ticket.count({ where: { branchId: this.deps.branchId, day: { lte: day }, status: { in: [...ACTIVE_STATUSES] } } });
    return open === 0;
  }
}
