/**
 * `npm run bench -- hq`: what a branch-day's KPIs and an HQ ranking cost, and how that grows.
 *
 *   1. a branch-day's KPIs   a realistic branch-day of N logged events (tickets with their
 *                            lifecycle, feedback, alerts with dispatches, kiosk sessions, camera
 *                            queue counts) at N/8 … N: the 24 hour aggregates in memory
 *                            (`aggregateHour`; one `aggregatePeriod` pass over the day is the
 *                            limit), the hub's real path (`recordsOfHour`, `ExperienceService.tick()`
 *                            on SQLite through Prisma) and the KPI read (the 24 stored hours merged,
 *                            `kpisOf`). Then the same day after 0 … H earlier days in the log, and a
 *                            probe of the busiest hour tick() can compute.
 *   2. HQ                    `SummaryStore.accept` per summary; then an HQ-only hub (`startHqHub`)
 *                            holding B branches × 2D days: the ranking over D/8 … D days of every
 *                            branch, read, pure (`ranking`) and via the API (`fastify inject`:
 *                            ranking, CSV, trend).
 *
 * Each table prints ms per size, µs per item at the largest, and the growth exponent (log-log
 * slope from the smallest to the largest size: 1 is linear). Nothing is asserted about speed.
 * Figures that two paths must agree on are compared (stored hours = in-memory hours, the store's
 * days = the bench's, API = pure); a mismatch, or an hour the hub cannot compute, is exit code 1.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { uuidv7 } from '../protocol/ids.ts';
import { EventBus } from '../hub/bus.ts';
import { loadHubConfig } from '../hub/config.ts';
import { databaseFile, openDatabase, type Db } from '../hub/db/database.ts';
import { applyMigrations } from '../hub/db/migrate.ts';
import { aggregateHour, aggregatePeriod, mergeAggregates } from '../hub/experience/aggregate.ts';
import { ExperienceService, type StoredHour } from '../hub/experience/experience-service.ts';
import type {
  AlertRecord, DispatchRecord, ExperienceRecords, FeedbackRecord, HourAggregate, KioskOutcome, KioskSessionRecord, KioskTask,
  QueueObservationRecord, TicketRecord, TicketStatus,
} from '../hub/experience/kpi-types.ts';
import { kpisOf } from '../hub/experience/kpis.ts';
import { recordsOfHour } from '../hub/experience/records-from-db.ts';
import { HOUR_MS, localHourLabel, localHourOfDay, localHourStarts } from '../hub/experience/local-hours.ts';
import { summaryEventId } from '../hub/experience/summary-event.ts';
import { startHqHub, type RunningHqHub } from '../hub/hq/hq-hub.ts';
import { previousPeriod } from '../hub/hq/hq-period.ts';
import { readReportInput } from '../hub/hq/hq-queries.ts';
import { ranking } from '../hub/hq/hq-ranking.ts';
import type { HqPeriod } from '../hub/hq/hq-types.ts';
import { summaryFor, type TestBranch } from '../hub/hq/summary-test-kit.ts';
import { createLogger, type Logger } from '../hub/logger.ts';
import { addDays, localTimeToMs, startOfLocalDay } from '../hub/queue/branch-time.ts';
import { SeededRandom } from '../hub/queue/simulate-random.ts';
import { cpuMeter, type CpuSplit } from './cpu-meter.ts';
import { fmt, numericFlags, round, tempDir } from './lib.ts';

const DEFAULTS = { events: 100_000, steps: 4, branches: 50, days: 20, history: 28, reps: 3 };

const BRANCH_ID = 'b001';
const TZ = 'Asia/Shanghai';
/** The branch-day of section 1 (a Tuesday), and the last day of every HQ period in section 2. */
const DAY = '2026-11-24';
const ADMIN = 'bench';
/** A branch's own view of its KPIs shows every score with an answer. */
const BRANCH_VIEW = { minResponses: 1 };
/**
 * The probe's hour: more tickets than SQLite binds in one statement (999), which reading an hour
 * must not depend on (it once bound every touched ticket's id, and tick() stopped for good at
 * the first hour touching more than 992).
 */
const BUSY_HOUR_TICKETS = 5_000;
/** Each timed sample repeats a fast call until it has run this long, so sub-ms calls are measurable. */
const SAMPLE_MIN_MS = 25;

const out = (line = '') => process.stdout.write(line + '\n');

// ---------------------------------------------------------------------------------------------
// A realistic branch-day: the demo branch's services, counters and zones, opening 09:00–17:00.

interface ServiceSpec { id: string; nameEn: string; prefix: string; targetS: number; share: number; waitMeanS: number; serviceMeanS: number; counters: string[] }

const SERVICES: readonly ServiceSpec[] = [
  { id: 'teller', nameEn: 'Deposits and withdrawals', prefix: 'A', targetS: 600, share: 55, waitMeanS: 420, serviceMeanS: 240, counters: ['c1', 'c2', 'c3'] },
  { id: 'accounts', nameEn: 'Accounts and cards', prefix: 'B', targetS: 900, share: 20, waitMeanS: 540, serviceMeanS: 600, counters: ['c1', 'c4'] },
  { id: 'fx', nameEn: 'Foreign exchange', prefix: 'C', targetS: 900, share: 10, waitMeanS: 480, serviceMeanS: 420, counters: ['c3', 'c4'] },
  { id: 'wealth', nameEn: 'Wealth management', prefix: 'V', targetS: 1200, share: 15, waitMeanS: 720, serviceMeanS: 1500, counters: ['vip1'] },
];
const TARGETS = Object.fromEntries(SERVICES.map((s) => [s.id, s.targetS]));
const SERVICE_SHARES = Object.fromEntries(SERVICES.map((s) => [s.id, s.share]));
const SERVICE_BY_ID = new Map(SERVICES.map((s) => [s.id, s]));
/** Arrivals by local hour of the opening day: a morning and a lunch peak. */
const ARRIVALS_BY_HOUR: Record<string, number> = { 9: 10, 10: 14, 11: 13, 12: 11, 13: 12, 14: 10, 15: 9, 16: 8 };
const QUEUE_ZONES = ['teller-line', 'wealth-waiting'];
const KIOSK_ZONE = 'kiosk-area';
const OUTCOMES = { done: 80, transferred: 5, 'no-show': 5, left: 7, cancelled: 3 };
const KIOSK_TASK_SHARES: Record<KioskTask, number> = { ticket: 55, appointment: 10, 'self-help': 20, 'call-person': 5, feedback: 8, other: 2 };
const KIOSK_OUTCOME_SHARES: Record<KioskOutcome, number> = { completed: 80, abandoned: 8, timeout: 6, error: 3, escalated: 3 };
const ALERT_KINDS = { 'help-request': 35, 'long-wait': 20, 'kiosk-friction': 20, fall: 3, 'wait-breach': 17, 'edge-offline': 5 };
/** Kinds a person is sent to; the others close by themselves when their cause clears. */
const DISPATCHED = new Set(['help-request', 'kiosk-friction', 'fall']);
/** Kinds raised by a `tp.distress.detected` event the hub logs. */
const FROM_DISTRESS = new Set(['help-request', 'long-wait', 'kiosk-friction', 'fall']);
/**
 * Share of the day's events that are camera queue counts; the rest follows the visits. An edge
 * publishes a zone's count when it changes (at least every 30 s), all day; people come in the
 * hundreds: 12,500 events are ≈ 470 tickets (a busy branch) with a count every ~6 s per queue
 * zone, 100,000 ≈ 3,700 tickets (a very large branch) with a count every ~1 s (busiest hour
 * ≈ 750 tickets; `probeBusyHour` checks a far busier one).
 */
const CAMERA_SHARE = 0.82;

type Row = Array<string | number | null>;

interface DayRows {
  tickets: Row[];
  ticketEvents: Row[];
  feedback: Row[];
  alerts: Row[];
  dispatches: Row[];
  events: Row[];
}

interface GeneratedDay {
  date: string;
  records: ExperienceRecords;
  rows: DayRows;
  /** Rows the hub logs: ticket lifecycle events, feedback, alerts, dispatches and MQTT events. */
  events: number;
  tickets: number;
  /** The most tickets with a lifecycle event in one hour: the size of `recordsOfHour`'s id list. */
  busiestHourTickets: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('Z', '+00:00'));

/**
 * One branch-day of `events` logged events, with its rows as the hub stores them and the records
 * `records-from-db.ts` reads back from those rows. Deterministic for a seed (ids aside).
 */
function generateDay(date: string, events: number, seed: number, branchId = BRANCH_ID): GeneratedDay {
  const rng = new SeededRandom(seed);
  const rows: DayRows = { tickets: [], ticketEvents: [], feedback: [], alerts: [], dispatches: [], events: [] };
  const tickets: TicketRecord[] = [];
  const feedback: FeedbackRecord[] = [];
  const alerts: AlertRecord[] = [];
  const dispatches: DispatchRecord[] = [];
  const kioskSessions: KioskSessionRecord[] = [];
  const queueObservations: QueueObservationRecord[] = [];
  const open = localTimeToMs(date, '09:00', TZ);
  const seqs = new Map<string, number>();
  let ticketCount = 0;
  const clamp = (ms: number) => Math.round(ms);
  const openingMoment = () => open + Number(rng.pick(ARRIVALS_BY_HOUR)) * HOUR_MS - 9 * HOUR_MS + rng.next() * HOUR_MS;
  const logged = () => rows.ticketEvents.length + rows.feedback.length + rows.alerts.length + rows.dispatches.length + rows.events.length;

  function ticketEvent(ticketId: string, at: number, from: TicketStatus | null, to: TicketStatus, counterId: string | null, actor: string) {
    rows.ticketEvents.push([ticketId, iso(at), from, to, counterId, actor]);
  }

  /** A ticket in `spec`'s queue from `joinedAt`; returns its record (already stored). */
  function addTicket(spec: ServiceSpec, issuedAt: number, joinedAt: number, outcome: keyof typeof OUTCOMES, from: { id: string; number: string; seq: number } | null): TicketRecord {
    ticketCount += 1;
    const id = `${branchId}-${date}-t${ticketCount}`;
    const seq = from?.seq ?? (seqs.set(spec.id, (seqs.get(spec.id) ?? 0) + 1), seqs.get(spec.id)!);
    const number = from?.number ?? `${spec.prefix}${String(seq).padStart(3, '0')}`;
    const counterId = spec.counters[Math.floor(rng.next() * spec.counters.length)]!;
    const staff = `staff:${counterId}`;
    let status: TicketStatus = outcome;
    let calledAt: number | null = null;
    let startedAt: number | null = null;
    let endedAt: number | null = null;
    ticketEvent(id, joinedAt, null, 'waiting', null, from ? staff : 'kiosk');
    if (outcome === 'left' || outcome === 'cancelled') {
      endedAt = clamp(joinedAt + rng.lognormal(outcome === 'left' ? 900_000 : 600_000, 0.7));
      ticketEvent(id, endedAt, 'waiting', outcome, null, outcome === 'left' ? staff : 'customer');
    } else {
      calledAt = clamp(joinedAt + rng.lognormal(spec.waitMeanS * 1000, 0.8));
      ticketEvent(id, calledAt, 'waiting', 'called', counterId, staff);
      if (rng.next() < 0.03) ticketEvent(id, calledAt + 60_000, 'called', 'called', counterId, staff); // a recall keeps calledAt
      if (outcome === 'no-show') {
        endedAt = calledAt + 180_000;
        ticketEvent(id, endedAt, 'called', 'no-show', counterId, staff);
      } else {
        startedAt = clamp(calledAt + rng.lognormal(45_000, 0.5));
        ticketEvent(id, startedAt, 'called', 'serving', counterId, staff);
        endedAt = clamp(startedAt + rng.lognormal(spec.serviceMeanS * 1000, 0.6));
        ticketEvent(id, endedAt, 'serving', outcome, counterId, staff);
      }
    }
    if (outcome === 'transferred') status = 'transferred';
    rows.tickets.push([
      id, branchId, spec.id, date, seq, number, `${id}-code`, 'normal', status, 'zh-CN',
      iso(issuedAt), iso(issuedAt), iso(calledAt), iso(startedAt), iso(endedAt), counterId, 0, from?.id ?? null,
    ]);
    const record: TicketRecord = { id, serviceId: spec.id, status, issuedAt, joinedAt, calledAt, startedAt, endedAt, transferredFromId: from?.id ?? null };
    tickets.push(record);
    if (startedAt !== null && outcome !== 'transferred' && rng.next() < 0.3) {
      const waitedS = ((calledAt ?? startedAt) - joinedAt) / 1000;
      const happy = waitedS < spec.targetS;
      const csat = Math.max(1, Math.min(5, Math.round((happy ? 4.4 : 3.2) + rng.normal() * 0.8)));
      const nps = rng.next() < 0.7 ? Math.max(0, Math.min(10, Math.round((happy ? 8.5 : 6) + rng.normal() * 1.8))) : null;
      const comment = rng.next() < 0.15 ? (csat <= 2 ? '等太久了' : '服务很好') : null;
      const at = endedAt! + clamp(rng.next() * 180_000);
      rows.feedback.push([`${id}-fb`, branchId, id, spec.id, csat, nps, comment, 'zh-CN', iso(at)]);
      feedback.push({ at, serviceId: spec.id, csat, nps, comment });
    }
    return record;
  }

  function addVisit() {
    const spec = SERVICE_BY_ID.get(rng.pick(SERVICE_SHARES))!;
    const issuedAt = clamp(openingMoment());
    const outcome = rng.pick(OUTCOMES);
    const first = addTicket(spec, issuedAt, issuedAt, outcome, null);
    if (outcome === 'transferred') {
      const others = SERVICES.filter((s) => s.id !== spec.id);
      const next = others[Math.floor(rng.next() * others.length)]!;
      const row = rows.tickets.at(-1)!;
      addTicket(next, issuedAt, first.endedAt!, 'done', { id: first.id, number: String(row[5]), seq: Number(row[4]) });
    }
  }

  function addKioskSession() {
    const at = clamp(openingMoment());
    const task = rng.pick(KIOSK_TASK_SHARES);
    const outcome = rng.pick(KIOSK_OUTCOME_SHARES);
    const data = { zoneId: KIOSK_ZONE, kioskId: 'kiosk-1', sessionId: randomUUID(), task, outcome, durationS: round(rng.lognormal(70, 0.6), 1), steps: 4, errors: 0 };
    rows.events.push([uuidv7(at), branchId, 'edge', 'cam-lobby-1', 'tp.kiosk.session', KIOSK_ZONE, iso(at), iso(at + 150), JSON.stringify(data)]);
    kioskSessions.push({ at, zoneId: KIOSK_ZONE, task, outcome });
  }

  function addAlert() {
    const kind = rng.pick(ALERT_KINDS);
    const openedAt = clamp(openingMoment());
    const id = `${branchId}-${date}-a${alerts.length + 1}`;
    const zoneId = kind === 'kiosk-friction' ? KIOSK_ZONE : kind === 'wait-breach' || kind === 'long-wait' ? 'teller-line' : 'lobby';
    let openedEventId: string | null = null;
    if (FROM_DISTRESS.has(kind)) {
      openedEventId = uuidv7(openedAt - 200);
      const data = { zoneId, kind, severity: kind === 'fall' ? 'high' : 'medium', confidence: 0.8, durationS: 12 };
      rows.events.push([openedEventId, branchId, 'edge', 'cam-lobby-1', 'tp.distress.detected', zoneId, iso(openedAt - 200), iso(openedAt - 100), JSON.stringify(data)]);
    }
    let resolvedAt: number;
    let resolvedBy: 'staff' | 'manager' | 'auto';
    if (DISPATCHED.has(kind)) {
      const createdAt = openedAt + 500;
      const acceptedAt = clamp(createdAt + rng.lognormal(45_000, 0.8));
      const arrivedAt = clamp(acceptedAt + rng.lognormal(90_000, 0.5));
      resolvedAt = clamp(arrivedAt + rng.lognormal(240_000, 0.7));
      resolvedBy = rng.next() < 0.9 ? 'staff' : 'manager';
      const dispatchId = `${id}-d`;
      rows.dispatches.push([dispatchId, branchId, id, 'resolved', 's-li', 'helped', iso(createdAt), iso(acceptedAt), iso(arrivedAt), iso(resolvedAt), null, null, iso(resolvedAt)]);
      dispatches.push({ id: dispatchId, alertId: id, createdAt, acceptedAt, arrivedAt });
    } else {
      resolvedAt = clamp(openedAt + rng.lognormal(600_000, 0.6));
      resolvedBy = 'auto';
    }
    rows.alerts.push([
      id, branchId, kind === 'edge-offline' ? 'edge.offline' : `distress.${kind}`, DISPATCHED.has(kind) ? 1 : 0, null, null, resolvedBy, null, kind,
      kind === 'fall' ? 'high' : 'medium', zoneId, 'cam-lobby-1', 'resolved', `${kind}:${zoneId}`, openedEventId, iso(openedAt), iso(resolvedAt), null, iso(resolvedAt),
    ]);
    alerts.push({ id, kind, openedAt, resolvedAt, resolvedBy });
  }

  const visitEvents = events - Math.round(events * CAMERA_SHARE);
  while (logged() < visitEvents) {
    addVisit();
    if (rng.next() < 0.8) addKioskSession();
    if (rng.next() < 0.02) addAlert();
  }
  // The cameras: a count per queue zone at a steady pace from 08:30 to 17:30, up to `events` in all.
  const observations = Math.max(0, events - logged());
  const camerasFrom = localTimeToMs(date, '08:30', TZ);
  const span = 9 * HOUR_MS;
  for (let i = 0; i < observations; i++) {
    const at = camerasFrom + Math.floor((i * span) / observations);
    const zoneId = QUEUE_ZONES[i % QUEUE_ZONES.length]!;
    const busy = Math.sin((Math.PI * (at - camerasFrom)) / span);
    const count = Math.max(0, Math.round(busy * (zoneId === 'teller-line' ? 14 : 5) + rng.normal() * 1.5));
    const data = { zoneId, count, waitEstimateS: count * 45, confidence: 0.85, windowS: 10 };
    rows.events.push([uuidv7(at), branchId, 'edge', 'cam-lobby-1', 'tp.queue.observed', zoneId, iso(at), iso(at + 80), JSON.stringify(data)]);
    queueObservations.push({ at, zoneId, count });
  }
  return {
    date,
    records: { tickets, feedback, alerts, dispatches, kioskSessions, queueObservations },
    rows,
    events: logged(),
    tickets: tickets.length,
    busiestHourTickets: busiestHour(rows.ticketEvents),
  };
}

/** The most distinct tickets with a TicketEvent in one clock hour (Shanghai hours are UTC hours shifted by 8). */
function busiestHour(ticketEvents: readonly Row[]): number {
  const byHour = new Map<number, Set<unknown>>();
  for (const [ticketId, at] of ticketEvents) {
    const hour = Math.floor(Date.parse(String(at)) / HOUR_MS);
    let tickets = byHour.get(hour);
    if (!tickets) byHour.set(hour, (tickets = new Set()));
    tickets.add(ticketId);
  }
  return Math.max(0, ...[...byHour.values()].map((tickets) => tickets.size));
}

/** The records `recordsOfHour` reads for one hour (its selection, done in memory). */
function recordsOfHourInMemory(records: ExperienceRecords, window: { start: number; end: number }): ExperienceRecords {
  const inside = (at: number | null) => at !== null && at >= window.start && at < window.end;
  return {
    tickets: records.tickets.filter((t) => t.issuedAt < window.end && (t.endedAt === null || t.endedAt >= window.start)),
    feedback: records.feedback.filter((f) => inside(f.at)),
    alerts: records.alerts.filter((a) => inside(a.openedAt) || inside(a.resolvedAt)),
    dispatches: records.dispatches.filter((d) => inside(d.acceptedAt) || inside(d.arrivedAt)),
    kioskSessions: records.kioskSessions.filter((k) => inside(k.at)),
    queueObservations: records.queueObservations.filter((q) => inside(q.at)),
  };
}

// ---------------------------------------------------------------------------------------------
// timing

interface Timing {
  /** Median ms per call over the samples. */
  ms: number;
  samples: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * `reps` samples after one warm-up sample; a sample repeats the call until it has run `minMs`
 * (0: once) and counts the mean per call. `before` runs untimed before every call.
 */
async function timeIt(fn: () => unknown, reps: number, minMs = SAMPLE_MIN_MS, before?: () => unknown): Promise<Timing> {
  const samples: number[] = [];
  for (let r = 0; r <= reps; r++) {
    let calls = 0;
    let spent = 0;
    do {
      await before?.();
      const started = performance.now();
      await fn();
      spent += performance.now() - started;
      calls += 1;
    } while (spent < minMs);
    if (r > 0) samples.push(spent / calls);
  }
  return { ms: median(samples), samples: reps };
}

/** Least-squares slope of y over x. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  const num = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return den === 0 ? Number.NaN : num / den;
}

/** Log-log slope between the first and the last size: ~1 linear, ~2 quadratic. */
function exponent(sizes: readonly number[], ms: readonly number[]): number {
  const n = sizes.length - 1;
  if (n < 1) return Number.NaN;
  return Math.log(ms[n]! / ms[0]!) / Math.log(sizes[n]! / sizes[0]!);
}

const msText = (ms: number) => (ms >= 100 ? fmt(ms) : ms >= 10 ? fmt(ms, 1) : ms >= 1 ? fmt(ms, 2) : fmt(ms, 3));

// ---------------------------------------------------------------------------------------------
// 1. a branch-day's KPIs

const INSERTS = {
  tickets: `INSERT INTO "Ticket" ("id","branchId","serviceId","day","seq","number","code","priority","status","language","issuedAt","queuedAt","calledAt","startedAt","endedAt","counterId","recalls","transferredFromId") VALUES (${Array(18).fill('?').join(',')})`,
  ticketEvents: 'INSERT INTO "TicketEvent" ("ticketId","at","from","to","counterId","actor") VALUES (?,?,?,?,?,?)',
  feedback: 'INSERT INTO "Feedback" ("id","branchId","ticketId","serviceId","csat","nps","comment","language","at") VALUES (?,?,?,?,?,?,?,?,?)',
  alerts: `INSERT INTO "Alert" ("id","branchId","ruleId","needsPerson","reason","suggestion","resolvedBy","outcome","kind","severity","zoneId","sourceId","status","dedupKey","openedEventId","openedAt","updatedAt","acknowledgedAt","resolvedAt") VALUES (${Array(19).fill('?').join(',')})`,
  dispatches: `INSERT INTO "Dispatch" ("id","branchId","alertId","status","staffId","outcome","createdAt","acceptedAt","arrivedAt","resolvedAt","escalatedAt","cancelledAt","updatedAt") VALUES (${Array(13).fill('?').join(',')})`,
  events: 'INSERT INTO "Event" ("id","branchId","sourceKind","sourceId","type","zoneId","time","receivedAt","data") VALUES (?,?,?,?,?,?,?,?,?)',
} as const satisfies Record<keyof DayRows, string>;
const INSERT_HOUR = 'INSERT INTO "ExperienceHour" ("branchId","hourStart","label","aggregate","final","computedAt") VALUES (?,?,?,?,?,?)';

/**
 * Bulk insert of a day's rows (and, for a past day, its stored hours): better-sqlite3, prepared
 * statements, one transaction, rather than through Prisma: set-up, not what is measured. Rows/s.
 */
function fillBranchDb(file: string, rows: DayRows, hours: readonly HourAggregate[] = []): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const tables = Object.keys(INSERTS) as Array<keyof DayRows>;
  const statements = tables.map((table) => [table, db.prepare(INSERTS[table])] as const);
  const insertHour = db.prepare(INSERT_HOUR);
  const count = tables.reduce((sum, table) => sum + rows[table].length, 0);
  const started = performance.now();
  db.transaction(() => {
    for (const [table, statement] of statements) for (const row of rows[table]) statement.run(row);
    for (const hour of hours) insertHour.run([BRANCH_ID, iso(hour.start), localHourLabel(hour.start, TZ), JSON.stringify(hour), 1, iso(hour.end + 5 * 60_000)]);
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return count / seconds;
}

/** A fresh hub database (migrations applied) with the branch and its services, as seeding leaves it. */
async function branchDb(dataDir: string): Promise<{ db: Db; file: string }> {
  const { db, file } = await openDatabase({ dataDir, synchronous: 'normal' });
  await db.branch.create({ data: { id: BRANCH_ID, name: 'Bench branch', nameZh: '基准支行', timezone: TZ, region: 'east' } });
  await db.service.createMany({ data: SERVICES.map((s) => ({ branchId: BRANCH_ID, id: s.id, nameEn: s.nameEn, nameZh: s.nameEn, ticketPrefix: s.prefix, targetWaitS: s.targetS })) });
  return { db, file };
}

/** The end of DAY: every hour but the last (23:00, recomputed until it is over) is final. */
const END_OF_DAY = localTimeToMs(DAY, '23:59', TZ) + 30_000;

/** One quiet logger for every hub part the bench runs (on a terminal each logger starts a pretty-printer thread). */
let quietLog: Logger | null = null;
const benchLog = () => (quietLog ??= createLogger('warn'));

function experienceOf(db: Db): ExperienceService {
  const log = benchLog();
  return new ExperienceService({ db, bus: new EventBus(log), branchId: BRANCH_ID, log, now: () => END_OF_DAY });
}

const hoursOf = (records: ExperienceRecords, date = DAY) => localHourStarts(date, TZ).map((start) => aggregateHour(records, start, TZ, TARGETS));

interface KpiSize {
  events: number;
  tickets: number;
  busiestHourTickets: number;
  fillRowsPerS: number;
  onePass: Timing;
  hoursWholeDay: Timing;
  hoursOwnRecords: Timing;
  readRecords: Timing;
  tick: Timing;
  readMerge: Timing;
  readApi: Timing;
  matches: boolean;
}

async function kpiSize(events: number, seed: number, reps: number, dir: string): Promise<KpiSize> {
  const day = generateDay(DAY, events, seed);
  const { records } = day;
  const dayWindow = { start: startOfLocalDay(DAY, TZ), end: startOfLocalDay(addDays(DAY, 1), TZ) };
  const starts = localHourStarts(DAY, TZ);
  const split = starts.map((start) => recordsOfHourInMemory(records, { start, end: start + HOUR_MS }));

  const onePass = await timeIt(() => aggregatePeriod(records, dayWindow, TZ, TARGETS), reps);
  const hoursWholeDay = await timeIt(() => hoursOf(records), reps);
  const hoursOwnRecords = await timeIt(() => starts.map((start, i) => aggregateHour(split[i]!, start, TZ, TARGETS)), reps);
  const expected = hoursOf(records);
  const ownMatch = isDeepStrictEqual(starts.map((start, i) => aggregateHour(split[i]!, start, TZ, TARGETS)), expected);
  // Merging the hours gives exactly the day computed at once (README: counts, sums and histograms add).
  const mergeMatch = isDeepStrictEqual(kpisOf(mergeAggregates(expected), BRANCH_VIEW), kpisOf(aggregatePeriod(records, dayWindow, TZ, TARGETS), BRANCH_VIEW));

  // The hub's path: the rows in SQLite, the ExperienceService computing the day's hours.
  const { db, file } = await branchDb(path.join(dir, `kpis-${events}`));
  let tick: Timing;
  let readRecords: Timing;
  let readMerge: Timing;
  let readApi: Timing;
  let stored: StoredHour[];
  let fillRowsPerS: number;
  try {
    fillRowsPerS = fillBranchDb(file, day.rows);
    const experience = experienceOf(db);
    // What tick() reads: each hour's records, one hour after the other.
    readRecords = await timeIt(async () => {
      for (const start of starts) await recordsOfHour(db, BRANCH_ID, { start, end: start + HOUR_MS }, TZ);
    }, reps, 0);
    tick = await timeIt(() => experience.tick(), reps, 0, () => db.experienceHour.deleteMany({}));
    stored = await experience.hours(DAY, DAY, TZ);
    const aggregates = stored.map((hour) => hour.aggregate);
    readMerge = await timeIt(() => kpisOf(mergeAggregates(aggregates), BRANCH_VIEW), reps);
    // As GET /experience/kpis answers: bring the hours up to now, read and parse them, merge, kpisOf.
    readApi = await timeIt(async () => kpisOf(mergeAggregates((await experience.hours(DAY, DAY, TZ)).map((hour) => hour.aggregate)), BRANCH_VIEW), reps);
  } finally {
    await db.$disconnect();
  }
  const dbMatch = stored.length === 24 && isDeepStrictEqual(stored.map((hour) => hour.aggregate), expected);
  if (!ownMatch) out(`   ✗ ${fmt(events)} events: the hours from each hour's own records differ from those from the whole day`);
  if (!mergeMatch) out(`   ✗ ${fmt(events)} events: the merged hours' KPIs differ from the day's computed at once`);
  if (!dbMatch) out(`   ✗ ${fmt(events)} events: the hub stored ${stored.length} hours that differ from the in-memory ones`);
  return {
    events: day.events, tickets: day.tickets, busiestHourTickets: day.busiestHourTickets, fillRowsPerS,
    onePass, hoursWholeDay, hoursOwnRecords, readRecords, tick, readMerge, readApi, matches: ownMatch && mergeMatch && dbMatch,
  };
}

interface HistoryPoint { days: number; tick: Timing; busiestHour: Timing; matches: boolean }

/**
 * tick() computing the same day with 0 … `max` earlier days in the log (their hours already
 * stored, as in a running hub): what a day's hours cost as the log grows.
 */
async function historyTicks(dir: string, events: number, histories: readonly number[], reps: number): Promise<HistoryPoint[]> {
  const day = generateDay(DAY, events, 77);
  const expected = hoursOf(day.records);
  const dayStart = new Date(startOfLocalDay(DAY, TZ));
  const ten = localTimeToMs(DAY, '10:00', TZ);
  const { db, file } = await branchDb(path.join(dir, 'history'));
  const points: HistoryPoint[] = [];
  try {
    fillBranchDb(file, day.rows);
    const experience = experienceOf(db);
    let filled = 0;
    for (const days of histories) {
      for (; filled < days; filled++) {
        const date = addDays(DAY, -(filled + 1));
        const past = generateDay(date, events, 200 + filled);
        fillBranchDb(file, past.rows, hoursOf(past.records, date));
      }
      const tick = await timeIt(() => experience.tick(), reps, 0, () => db.experienceHour.deleteMany({ where: { hourStart: { gte: dayStart } } }));
      const busiestHour = await timeIt(() => recordsOfHour(db, BRANCH_ID, { start: ten, end: ten + HOUR_MS }, TZ), Math.max(5, reps));
      const stored = await experience.hours(DAY, DAY, TZ);
      points.push({ days, tick, busiestHour, matches: stored.length === 24 && isDeepStrictEqual(stored.map((hour) => hour.aggregate), expected) });
    }
  } finally {
    await db.$disconnect();
  }
  return points;
}

/** Rows of a day whose 10:00 hour holds `count` tickets, each issued, called, served and done within it. */
function busyHourRows(count: number): DayRows {
  const rows: DayRows = { tickets: [], ticketEvents: [], feedback: [], alerts: [], dispatches: [], events: [] };
  const ten = localTimeToMs(DAY, '10:00', TZ);
  for (let i = 0; i < count; i++) {
    const id = `probe-t${i + 1}`;
    const issuedAt = ten + Math.floor((i * 30 * 60_000) / count);
    const [calledAt, startedAt, endedAt] = [issuedAt + 300_000, issuedAt + 330_000, issuedAt + 600_000];
    rows.tickets.push([id, BRANCH_ID, 'teller', DAY, i + 1, `A${i + 1}`, `${id}-code`, 'normal', 'done', 'zh-CN', iso(issuedAt), iso(issuedAt), iso(calledAt), iso(startedAt), iso(endedAt), 'c1', 0, null]);
    rows.ticketEvents.push([id, iso(issuedAt), null, 'waiting', null, 'kiosk'], [id, iso(calledAt), 'waiting', 'called', 'c1', 'staff'], [id, iso(startedAt), 'called', 'serving', 'c1', 'staff'], [id, iso(endedAt), 'serving', 'done', 'c1', 'staff']);
  }
  return rows;
}

/**
 * Whether tick() can compute a day whose 10:00 hour touches `count` tickets: null, or what goes
 * wrong — the error, how many of the day's hours were stored, and whether a second tick gets further.
 */
async function probeBusyHour(dir: string, count: number): Promise<string | null> {
  const { db, file } = await branchDb(path.join(dir, `probe-${count}`));
  const experience = experienceOf(db);
  const attempt = async () => {
    try {
      await experience.tick();
      return null;
    } catch (error) {
      return (error as Error).message.split('\n').filter((line) => line.trim() !== '').at(-1) ?? String(error);
    }
  };
  try {
    fillBranchDb(file, busyHourRows(count));
    const first = await attempt();
    const stored = await db.experienceHour.count();
    if (first === null) return stored === 24 ? null : `${stored} of 24 hours stored`;
    const again = await attempt();
    const storedAgain = await db.experienceHour.count();
    return `tick() throws "${first}"; ${stored} of 24 hours stored, and after another tick() ${storedAgain}${again === null ? '' : ' (it throws again)'}`;
  } finally {
    await db.$disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. HQ

const REGIONS = ['east', 'north', 'south', 'west', 'central'];
const BENCH_BRANCH: TestBranch = { name: 'Bench branch', nameZh: '基准支行', region: 'east', timezone: TZ };

/** What the store keeps for a day of hours: their merge and tickets issued per local hour. */
function dayRowOf(hours: readonly HourAggregate[]): { aggregate: HourAggregate; issuedByHour: number[] } {
  const issuedByHour = Array.from({ length: 24 }, () => 0);
  for (const hour of hours) issuedByHour[localHourOfDay(hour.start, TZ)]! += Object.values(hour.tickets).reduce((sum, part) => sum + part.issued, 0);
  return { aggregate: mergeAggregates(hours), issuedByHour };
}

interface Template { hours: HourAggregate[]; aggregate: HourAggregate; issuedByHour: number[] }

/** Realistic branch-days of 10,000 … 45,000 events (≈ 350 … 1,550 tickets), by hour and merged as HQ would. */
function templates(count: number): Template[] {
  return Array.from({ length: count }, (_, t) => {
    const day = generateDay(DAY, 10_000 + 5_000 * t, 1000 + t, 'hq-template');
    const hours = localHourStarts(DAY, TZ).map((start) => aggregateHour(recordsOfHourInMemory(day.records, { start, end: start + HOUR_MS }), start, TZ, TARGETS));
    return { hours, ...dayRowOf(hours) };
  });
}

const shifted = (aggregate: HourAggregate, ms: number): HourAggregate => ({ ...aggregate, start: aggregate.start + ms, end: aggregate.end + ms });
const templateShift = (date: string) => startOfLocalDay(date, TZ) - startOfLocalDay(DAY, TZ);

function openRaw(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** HqBranch and HqDay rows for `branches` × `dates`, straight into SQLite: what the store would hold. */
function fillHqDays(file: string, branches: number, dates: string[], pool: Template[]): { rows: number; seconds: number } {
  const db = openRaw(file);
  const branch = db.prepare('INSERT INTO "HqBranch" ("id","name","nameZh","region","timezone","simulated","firstHourStart","lastHourEnd","lastReportAt","hoursReported") VALUES (?,?,?,?,?,?,?,?,?,?)');
  const day = db.prepare('INSERT INTO "HqDay" ("branchId","localDate","hours","aggregate","issuedByHour","updatedAt") VALUES (?,?,?,?,?,?)');
  const first = startOfLocalDay(dates[0]!, TZ);
  const end = startOfLocalDay(addDays(dates.at(-1)!, 1), TZ);
  const started = performance.now();
  db.transaction(() => {
    for (let b = 0; b < branches; b++) {
      const id = `br-${String(b + 1).padStart(3, '0')}`;
      branch.run([id, `Bench branch ${b + 1}`, `基准支行${b + 1}`, REGIONS[b % REGIONS.length]!, TZ, 0, iso(first), iso(end), iso(end + 300_000), 24 * dates.length]);
      dates.forEach((date, d) => {
        const template = pool[(b * 3 + d) % pool.length]!;
        const dayEnd = startOfLocalDay(addDays(date, 1), TZ);
        day.run([id, date, 24, JSON.stringify(shifted(template.aggregate, templateShift(date))), JSON.stringify(template.issuedByHour), iso(dayEnd + 300_000)]);
      });
    }
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { rows: branches * (dates.length + 1), seconds };
}

/** The HqHour rows of `branches` other branches for one date, as if their summaries had arrived. */
function fillHqHours(file: string, prefix: string, branches: number, date: string, pool: Template[]): void {
  const db = openRaw(file);
  const hour = db.prepare('INSERT INTO "HqHour" ("branchId","hourStart","localDate","localHour","label","final","computedAt","eventId","receivedAt","aggregate") VALUES (?,?,?,?,?,?,?,?,?,?)');
  db.transaction(() => {
    for (let b = 0; b < branches; b++) {
      const branchId = `${prefix}-${String(b + 1).padStart(4, '0')}`;
      for (const [h, aggregate] of pool[b % pool.length]!.hours.entries()) {
        const start = aggregate.start + templateShift(date);
        const computedAt = start + HOUR_MS + 5 * 60_000;
        hour.run([branchId, iso(start), date, h, localHourLabel(start, TZ), 1, iso(computedAt), summaryEventId(branchId, start, new Date(computedAt)), iso(computedAt), JSON.stringify(shifted(aggregate, templateShift(date)))]);
      }
    }
  })();
  db.close();
}

interface StorePoint {
  /** Other branches whose 24 hours of the same date were stored before. */
  others: number;
  perS: number;
  meanMs: number;
  firstHoursMs: number;
  lastHoursMs: number;
  matches: boolean;
}

/** One branch-day sent hour by hour through the hub's SummaryStore (summaryFor: real summaries), each accept timed. */
async function storeDay(hub: RunningHqHub, date: string, seed: number): Promise<Omit<StorePoint, 'others'>> {
  const branchId = 'bench-store';
  const day = generateDay(date, 20_000, seed, branchId);
  const times: number[] = [];
  const hours: HourAggregate[] = [];
  let matches = true;
  for (const hourStart of localHourStarts(date, TZ)) {
    const records = recordsOfHourInMemory(day.records, { start: hourStart, end: hourStart + HOUR_MS });
    const { eventId, summary } = summaryFor({ branchId, branch: BENCH_BRANCH, hourStart, records, targets: TARGETS });
    hours.push(summary.aggregate as HourAggregate);
    const started = performance.now();
    const outcome = await hub.hq.store.accept({ eventId, branchId, summary, receivedAt: new Date(hourStart + HOUR_MS + 5 * 60_000) });
    times.push(performance.now() - started);
    if (outcome !== 'stored') matches = false;
  }
  // The bench's own HqDay rows (the fill above) must be what the store writes.
  const row = await hub.db.hqDay.findUnique({ where: { branchId_localDate: { branchId, localDate: date } } });
  const mine = dayRowOf(hours);
  if (!row || !isDeepStrictEqual(JSON.parse(row.aggregate), mine.aggregate) || row.issuedByHour !== JSON.stringify(mine.issuedByHour)) matches = false;
  const mean = (list: number[]) => list.reduce((sum, x) => sum + x, 0) / list.length;
  return { perS: 1000 / mean(times), meanMs: mean(times), firstHoursMs: mean(times.slice(0, 4)), lastHoursMs: mean(times.slice(20)), matches };
}

interface RankingSize {
  days: number;
  branchDays: number;
  read: Timing;
  pure: Timing;
  api: Timing;
  apiCsv: Timing;
  apiTrend: Timing;
  ok: boolean;
}

async function rankingSize(hub: RunningHqHub, branches: number, days: number, reps: number): Promise<RankingSize> {
  const period: HqPeriod = { from: addDays(DAY, -(days - 1)), to: DAY };
  const query = `from=${period.from}&to=${period.to}`;
  const now = Date.now();
  // As the route does it: the branches and the days from the previous period's start, then the ranking.
  const readInput = () => readReportInput(hub.db, { period, filter: {}, now, readFrom: previousPeriod(period).from });
  const read = await timeIt(readInput, reps, 0);
  const input = await readInput();
  const pure = await timeIt(() => ranking({ ...input, sort: 'serviceLevel' }), reps);
  const answer = ranking({ ...input, sort: 'serviceLevel' });
  const get = async (url: string) => {
    const response = await hub.api.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${ADMIN}` } });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    return response;
  };
  const api = await timeIt(() => get(`/hq/ranking?${query}`), reps, 0);
  const apiCsv = await timeIt(() => get(`/hq/ranking.csv?${query}`), reps, 0);
  const apiTrend = await timeIt(() => get(`/hq/trend?${query}`), reps, 0);
  const body = (await get(`/hq/ranking?${query}`)).json() as { rows: Array<{ days: number }>; total: { issued: number } };
  const ok = answer.rows.length === branches && answer.rows.every((row) => row.days === days && row.previous !== null)
    && body.rows.length === branches && body.total.issued === answer.total.issued;
  return { days, branchDays: branches * days, read, pure, api, apiCsv, apiTrend, ok };
}

// ---------------------------------------------------------------------------------------------

function table<T>(head: string, rows: readonly T[], label: (row: T) => string, columns: ReadonlyArray<[string, (row: T) => Timing, string]>): void {
  out(`   ${head} │${columns.map(([name]) => name.padStart(10)).join('')}  ms`);
  for (const row of rows) out(`   ${label(row)} │${columns.map(([, pick]) => msText(pick(row).ms).padStart(10)).join('')}`);
}

const footer = (label: string, width: number) => `   ${label.padStart(width)} │`;

/** Above this share of the machine used by other processes, a section's times are flagged. */
const NOISY_SHARE = 0.15;
const othersShare = (c: CpuSplit) => (c.othersS === null || !c.capacityS ? null : c.othersS / c.capacityS);

function machineLine(c: CpuSplit): string {
  const share = othersShare(c);
  if (share === null) return '';
  return `   machine: other processes used ≈${fmt(share * 100)} % of its CPU during this section${share > NOISY_SHARE ? ' ⚠ busy machine: the times above are inflated' : ''}`;
}

export async function runHqBench(args: string[]): Promise<number> {
  const opts = numericFlags(args, DEFAULTS);
  const largest = Math.round(opts.events);
  const steps = Math.max(2, Math.round(opts.steps));
  const branches = Math.round(opts.branches);
  const periodDays = Math.round(opts.days);
  const historyDays = Math.round(opts.history);
  const reps = Math.max(1, Math.round(opts.reps));
  const halvings = (max: number, min = 1) => [...new Set(Array.from({ length: steps }, (_, i) => Math.max(min, Math.round(max / 2 ** (steps - 1 - i)))))];
  const eventSizes = halvings(largest, 100);
  const daySizes = halvings(periodDays);
  const histories = [0, ...halvings(historyDays).slice(1)];
  const tmp = tempDir('tp-bench-hq-');
  const wall = performance.now();
  let hub: RunningHqHub | null = null;
  try {
    out(`hq bench — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, node ${process.version}, temp ${tmp.dir}`);
    out(`times are the median of ${reps} samples after a warm-up; a sample repeats a call for ≥ ${SAMPLE_MIN_MS} ms when it is faster`);
    out();

    // 1. a branch-day's KPIs
    out(`1. A branch-day's KPIs: ${DAY} in ${TZ}, 4 services, open 09:00–17:00, cameras 08:30–17:30.`);
    out('   events = rows the hub logs that day: ticket lifecycle events, feedback, alerts, dispatches and MQTT events');
    out(`   (kiosk sessions, distress signs, and camera queue counts: ${fmt(CAMERA_SHARE * 100)} % of them)`);
    const meter1 = cpuMeter(() => undefined);
    const kpis: KpiSize[] = [];
    for (const [i, events] of eventSizes.entries()) kpis.push(await kpiSize(events, i + 1, reps, tmp.dir));
    const sizes = kpis.map((k) => k.events);
    const KPI_COLUMNS: Array<[string, (k: KpiSize) => Timing, string]> = [
      ['one pass', (k) => k.onePass, 'aggregatePeriod over the whole day at once: the limit'],
      ['24h·all', (k) => k.hoursWholeDay, '24 × aggregateHour, each given all the day\'s records (as the tests do)'],
      ['24h·own', (k) => k.hoursOwnRecords, '24 × aggregateHour, each given the records recordsOfHour reads for it (selected beforehand)'],
      ['read 24h', (k) => k.readRecords, '24 × recordsOfHour: the rows of each hour from SQLite via Prisma, as tick() reads them'],
      ['tick()', (k) => k.tick, 'ExperienceService.tick(): each hour read (recordsOfHour), aggregated (aggregateHour), upserted'],
      ['merge', (k) => k.readMerge, 'KPI read: mergeAggregates of the 24 stored hours + kpisOf'],
      ['hours()', (k) => k.readApi, 'KPI read as GET /experience/kpis does it: hours() (a tick, the rows, JSON.parse) + merge + kpisOf'],
    ];
    out();
    table(`${'events'.padStart(8)} ${'tickets'.padStart(7)} ${'busiest h'.padStart(9)}`, kpis, (k) => `${fmt(k.events).padStart(8)} ${fmt(k.tickets).padStart(7)} ${fmt(k.busiestHourTickets).padStart(9)}`, KPI_COLUMNS);
    const big = kpis.at(-1)!;
    const w1 = 26;
    out(`${footer(`µs/event at ${fmt(big.events)}`, w1)}${KPI_COLUMNS.map(([, pick]) => fmt((pick(big).ms * 1000) / big.events, 2).padStart(10)).join('')}  (= ms per 1,000 events)`);
    out(`${footer('× one pass', w1)}${KPI_COLUMNS.map(([, pick]) => fmt(pick(big).ms / big.onePass.ms, 1).padStart(10)).join('')}`);
    out(`${footer(`growth exponent ${fmt(sizes[0]! / 1000, 1)}k→${fmt(big.events / 1000)}k`, w1)}${KPI_COLUMNS.map(([, pick]) => fmt(exponent(sizes, kpis.map((k) => pick(k).ms)), 2).padStart(10)).join('')}  (1 = linear)`);
    out('   busiest h = the most tickets with a lifecycle event in one hour');
    for (const [name, , text] of KPI_COLUMNS) out(`   ${name.padStart(9)}: ${text}`);
    out(`   tick() at ${fmt(big.events)} events: ${msText(big.tick.ms)} ms ≈ read 24h ${msText(big.readRecords.ms)} ms + 24h·own ${msText(big.hoursOwnRecords.ms)} ms + 24 upserts: reading the rows is the cost;`);
    out(`   at ${fmt(sizes[0]!)} events it still costs ${fmt(kpis[0]!.tick.ms / 24, 1)} ms per hour: Prisma's ~9 statements per hour, whatever the rows`);
    out(`   set-up, not measured: rows bulk-inserted with better-sqlite3 in one transaction (${kpis.map((k) => `${fmt(k.fillRowsPerS / 1000)}k`).join(' / ')} rows/s)`);
    const kpiOk = kpis.every((k) => k.matches);
    out(`   ${kpiOk ? '✓' : '✗'} the hub's stored hours equal the in-memory ones; the merged hours' KPIs equal the day's computed at once${kpiOk ? '' : ' — MISMATCH'}`);
    out();

    const history = await historyTicks(tmp.dir, eventSizes[0]!, histories, reps);
    out(`   the same ${fmt(eventSizes[0]!)}-event day with earlier days of ${fmt(eventSizes[0]!)} events in the log before it (their hours stored):`);
    const HISTORY_COLUMNS: Array<[string, (p: HistoryPoint) => Timing, string]> = [
      ['tick()', (p) => p.tick, 'the day\'s 24 hours, as above'],
      ['10:00 h', (p) => p.busiestHour, 'recordsOfHour of the day\'s 10:00 hour alone'],
    ];
    table(`${'days before'.padStart(26)}`, history, (p) => fmt(p.days).padStart(26), HISTORY_COLUMNS);
    out(`${footer('ms per day of history', 26)}${HISTORY_COLUMNS.map(([, pick]) => fmt(slope(history.map((p) => p.days), history.map((p) => pick(p).ms)), 3).padStart(10)).join('')}  (least-squares slope)`);
    const historyOk = history.every((p) => p.matches);
    out(`   ${historyOk ? '✓' : '✗'} the day's hours are the same whatever lies before it${historyOk ? '' : ' — MISMATCH'}`);

    const probed = [{ count: BUSY_HOUR_TICKETS, failure: await probeBusyHour(tmp.dir, BUSY_HOUR_TICKETS) }];
    out('   a very busy hour (a day whose 10:00 hour touches that many tickets, more than SQLite binds in one statement):');
    for (const p of probed) out(`     ${fmt(p.count)} tickets: ${p.failure === null ? '✓ all 24 hours stored' : `✗ ${p.failure}`}`);
    const probeFailed = probed.some((p) => p.failure !== null);
    const cpu1 = meter1.stop(0);
    out(machineLine(cpu1));
    out();

    // 2. HQ
    const dates = Array.from({ length: 2 * periodDays }, (_, i) => addDays(DAY, i - 2 * periodDays + 1));
    out(`2. HQ: ${branches} branches × ${2 * periodDays} days stored (the largest period, ${fmt(branches * periodDays)} branch-days, and as many before it for the trend)`);
    const meter2 = cpuMeter(() => undefined);
    const pool = templates(8);
    const hqDir = path.join(tmp.dir, 'hq');
    const hqFile = databaseFile(hqDir);
    mkdirSync(hqDir, { recursive: true });
    applyMigrations(hqFile); // the schema, so the days can be written before the hub starts
    const fill = fillHqDays(hqFile, branches, dates, pool);
    const poolBytes = pool.map((t) => JSON.stringify(t.aggregate).length);
    out(`   set-up: ${fmt(fill.rows)} HqDay and HqBranch rows written straight into SQLite in ${fmt(fill.seconds, 2)} s; a branch-day is ${fmt(Math.min(...poolBytes) / 1024, 1)}–${fmt(Math.max(...poolBytes) / 1024, 1)} KB of JSON (${fmt(Math.min(...pool.map((t) => dayRowOf(t.hours).issuedByHour.reduce((a, b) => a + b, 0))))}–${fmt(Math.max(...pool.map((t) => t.issuedByHour.reduce((a, b) => a + b, 0))))} tickets)`);
    const config = loadHubConfig({ ...process.env, HUB_ROLE: 'hq', PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: hqDir, TP_ADMIN_TOKEN: ADMIN, MQTT_URL: '' });
    hub = await startHqHub(config, benchLog());

    // The store: one branch-day (24 summaries of a 20,000-event day) on a date where 0, B and 4B other branches already reported.
    const storeDate = (i: number) => addDays(dates[0]!, -10 + i);
    await storeDay(hub, storeDate(0), 500); // warm-up
    const store: StorePoint[] = [];
    for (const [i, others] of [0, branches, 4 * branches].entries()) {
      if (others > 0) fillHqHours(hqFile, `other${i}`, others, storeDate(i + 1), pool);
      store.push({ others, ...(await storeDay(hub, storeDate(i + 1), 501 + i)) });
    }
    out(`   SummaryStore.accept, one branch's 24 hourly summaries (20,000-event day) on a date with N other branches' hours stored:`);
    for (const p of store) out(`     N = ${fmt(p.others).padStart(4)}: ${fmt(p.meanMs, 2).padStart(6)} ms per summary → ${fmt(p.perS)} summaries/s;  hours 00–03 ${fmt(p.firstHoursMs, 2)} ms, hours 20–23 ${fmt(p.lastHoursMs, 2)} ms`);
    const s0 = store[0]!;
    const sMax = store.at(-1)!;
    out(`     × with ${fmt(sMax.others)} others: ${fmt(sMax.meanMs / s0.meanMs, 2)}; hours 20–23 ÷ hours 00–03: ${fmt(s0.lastHoursMs / s0.firstHoursMs, 2)}`);
    out('     (every accept re-reads and re-merges all the day\'s stored hours, 300 hour-merges a day instead of 24; here that is lost in its ~7 statements)');
    out(`     at ${fmt(s0.perS)}/s the ${fmt(branches * 2 * periodDays * 24)} hours behind this store take ${fmt((branches * 2 * periodDays * 24) / s0.perS)} s to store: the bench wrote its days directly (same rows, checked below)`);
    const storeOk = store.every((p) => p.matches);
    out(`     ${storeOk ? '✓' : '✗'} the store's HqDay rows equal the bench's (merge of the hours, tickets per hour)${storeOk ? '' : ' — MISMATCH'}`);
    out();

    const rankings: RankingSize[] = [];
    for (const days of daySizes) rankings.push(await rankingSize(hub, branches, days, reps));
    const RANK_COLUMNS: Array<[string, (r: RankingSize) => Timing, string]> = [
      ['read', (r) => r.read, 'readReportInput: HqBranch rows, the HqDay rows of the period and the previous one, JSON.parse'],
      ['ranking', (r) => r.pure, 'ranking() over the loaded days: merge per branch, previous period, total, kpisOf, sort'],
      ['API', (r) => r.api, 'GET /api/v1/hq/ranking (fastify inject): query validation, read, ranking, response schema, JSON'],
      ['API csv', (r) => r.apiCsv, 'GET /api/v1/hq/ranking.csv'],
      ['API trend', (r) => r.apiTrend, 'GET /api/v1/hq/trend: the branches merged per day'],
    ];
    const bdSizes = rankings.map((r) => r.branchDays);
    table(`${'days'.padStart(5)} ${'branch-days'.padStart(11)}`, rankings, (r) => `${fmt(r.days).padStart(5)} ${fmt(r.branchDays).padStart(11)}`, RANK_COLUMNS);
    const bigR = rankings.at(-1)!;
    const w2 = 17;
    out(`${footer('µs per branch-day', w2)}${RANK_COLUMNS.map(([, pick]) => fmt((pick(bigR).ms * 1000) / bigR.branchDays, 1).padStart(10)).join('')}  (at ${fmt(bigR.branchDays)})`);
    out(`${footer('× ranking()', w2)}${RANK_COLUMNS.map(([, pick]) => fmt(pick(bigR).ms / bigR.pure.ms, 2).padStart(10)).join('')}`);
    out(`${footer('growth exponent', w2)}${RANK_COLUMNS.map(([, pick]) => fmt(exponent(bdSizes, rankings.map((r) => pick(r).ms)), 2).padStart(10)).join('')}  (1 = linear)`);
    out('   every request reads the period and the one before it: 2 × branch-days HqDay rows');
    for (const [name, , text] of RANK_COLUMNS) out(`   ${name.padStart(9)}: ${text}`);
    const rankOk = rankings.every((r) => r.ok);
    const cpu2 = meter2.stop(0);
    out(`   ${rankOk ? '✓' : '✗'} every ranking has ${branches} rows with all their days and a previous period; the API's total equals ranking()'s${rankOk ? '' : ' — MISMATCH'}`);
    out(machineLine(cpu2));
    out();

    const ok = kpiOk && historyOk && storeOk && rankOk && !probeFailed;
    out(`${ok ? 'all checks passed' : '✗ a check failed (see above): this is a bug, exit code 1'}; ${fmt((performance.now() - wall) / 1000, 1)} s in all`);
    const timing = (t: Timing) => round(t.ms, 3);
    out(
      JSON.stringify({
        bench: 'hq',
        cpu: os.cpus()[0]?.model,
        cores: os.cpus().length,
        node: process.version,
        reps,
        othersCpuShare: [cpu1, cpu2].map((c) => { const share = othersShare(c); return share === null ? null : round(share, 2); }),
        kpis: {
          sizes: kpis.map((k) => ({
            events: k.events, tickets: k.tickets, busiestHourTickets: k.busiestHourTickets, onePassMs: timing(k.onePass), hoursAllMs: timing(k.hoursWholeDay),
            hoursOwnMs: timing(k.hoursOwnRecords), readRecordsMs: timing(k.readRecords), tickMs: timing(k.tick), readMergeMs: timing(k.readMerge), readHoursMs: timing(k.readApi),
          })),
          exponents: Object.fromEntries(KPI_COLUMNS.map(([name, pick]) => [name, round(exponent(sizes, kpis.map((k) => pick(k).ms)), 2)])),
          history: history.map((p) => ({ days: p.days, tickMs: timing(p.tick), hour10Ms: timing(p.busiestHour) })),
          busyHourProbe: probed,
          ok: kpiOk && historyOk,
        },
        hq: {
          branches,
          store: store.map((p) => ({ others: p.others, meanMs: round(p.meanMs, 2), perS: Math.round(p.perS), firstHoursMs: round(p.firstHoursMs, 2), lastHoursMs: round(p.lastHoursMs, 2) })),
          sizes: rankings.map((r) => ({
            days: r.days, branchDays: r.branchDays, readMs: timing(r.read), rankingMs: timing(r.pure),
            apiMs: timing(r.api), apiCsvMs: timing(r.apiCsv), apiTrendMs: timing(r.apiTrend),
          })),
          exponents: Object.fromEntries(RANK_COLUMNS.map(([name, pick]) => [name, round(exponent(bdSizes, rankings.map((r) => pick(r).ms)), 2)])),
          ok: storeOk && rankOk,
        },
        seconds: round((performance.now() - wall) / 1000, 1),
        ok,
      }),
    );
    return ok ? 0 : 1;
  } finally {
    await hub?.stop().catch(() => {});
    tmp.remove();
  }
}
