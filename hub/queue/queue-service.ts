/**
 * The ticket queue: issue tickets, call them to counters by the fairness policy, move them
 * through their lifecycle, transfer them, open and close counters. Every change runs one at a
 * time (so two counters are never handed the same ticket), is written with its TicketEvent, and
 * is announced on the bus (`queue.ticket`, `queue.call`, `queue.counter`).
 */
import type { Ticket } from '../../generated/prisma/client.ts';
import { conflict, HttpError, notFound } from '../api/errors.ts';
import type { AppointmentsConfig } from '../branch/branch-config.ts';
import type { EventBus } from '../bus.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { AppointmentBook, checkInAppointment } from './appointment-book.ts';
import { localDay } from './branch-time.ts';
import type { CameraCount } from './camera-count.ts';
import { findCounter, staffNames, worksAnotherCounter } from './counter-store.ts';
import { IdempotentRequests } from './idempotent-requests.ts';
import { ACTIVE_STATUSES, type TicketStatus } from './lifecycle.ts';
import { ticketCode, ticketNumber } from './numbering.ts';
import { QueueAnnouncer } from './queue-announcer.ts';
import { pickNext, type FairnessPolicy, type PriorityClass, type PriorityStreak } from './policy.ts';
import { QueueViews } from './queue-views.ts';
import type { Language } from './schemas.ts';
import { Serial } from './serial.ts';
import { findTicket, findTicketByCode, insertTicket, ISSUE_ORDER, moveTicket, nextSeq, recentlyServed, serviceSeconds, ticketAtCounter, transferTicket } from './ticket-store.ts';
import { WaitPredictor } from './wait-predictor.ts';

export interface QueueServiceDeps {
  db: Db;
  bus: EventBus;
  log: Logger;
  branchId: string;
  policy: FairnessPolicy;
  appointments: AppointmentsConfig;
  cameraCount: CameraCount;
  /** The clock (epoch ms); tests and the simulator drive it. */
  now?: () => number;
}

export interface IssueInput {
  serviceId: string;
  priority: PriorityClass;
  language: Language;
  actor: string;
  /** Checks this booked appointment in, in the same transaction. */
  appointmentId?: string;
}

/** After a counter opened or closed: who works it now, and who left it for no other counter. */
export interface CounterStaffing {
  staffId: string | null;
  leftStaffId: string | null;
}

/** Staff actions on a ticket at a counter, and the status each leads to. */
export const TICKET_ACTIONS = { start: 'serving', done: 'done', 'no-show': 'no-show', left: 'left' } as const satisfies Record<string, TicketStatus>;
export type TicketAction = keyof typeof TICKET_ACTIONS;

/** Service times seen at start-up to warm the predictor. */
const WARM_UP_SERVICES = 500;
const END_OF_DAY = 'system:end-of-day';
const HOUSEKEEPING_MS = 60_000;

export class QueueService {
  readonly now: () => number;
  readonly predictor = new WaitPredictor();
  readonly views: QueueViews;
  readonly appointments: AppointmentBook;
  /** Retried kiosk requests (Idempotency-Key) get the first answer. */
  readonly requests: IdempotentRequests;
  readonly #serial = new Serial();
  readonly #announcer: QueueAnnouncer;
  /** Per counter: priority tickets called in a row while a normal one waited (see policy.ts). */
  readonly #streaks = new Map<string, PriorityStreak>();
  #timezone = 'UTC';
  #unsubscribe: (() => void) | null = null;
  #housekeeping: NodeJS.Timeout | null = null;

  constructor(private readonly deps: QueueServiceDeps) {
    this.now = deps.now ?? Date.now;
    const timezone = () => this.#timezone;
    this.views = new QueueViews({
      db: deps.db, branchId: deps.branchId, policy: deps.policy, predictor: this.predictor, cameraCount: deps.cameraCount,
      bookable: new Set(deps.appointments.services), now: this.now, timezone,
    });
    this.requests = new IdempotentRequests(this.now);
    this.#announcer = new QueueAnnouncer(deps.bus, this.now);
    this.appointments = new AppointmentBook({ db: deps.db, branchId: deps.branchId, config: deps.appointments, now: this.now, timezone, checkIn: (input) => this.issue(input) });
  }

  async start(): Promise<void> {
    await this.#loadTimezone();
    this.#unsubscribe = this.deps.bus.on('config.changed', async ({ entity }) => {
      if (entity === 'branch') await this.#loadTimezone();
    });
    for (const ticket of await recentlyServed(this.deps.db, this.deps.branchId, WARM_UP_SERVICES)) {
      this.predictor.observeService(ticket.serviceId, serviceSeconds(ticket), ticket.endedAt!.getTime());
    }
    await this.closePreviousDays();
    this.#housekeeping = setInterval(() => {
      this.closePreviousDays().catch((error: unknown) => this.deps.log.error({ err: error }, 'closing an earlier day failed'));
    }, HOUSEKEEPING_MS);
    this.#housekeeping.unref();
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    if (this.#housekeeping) clearInterval(this.#housekeeping);
    await this.#serial.idle();
  }

  issue(input: IssueInput): Promise<Ticket> {
    return this.#serial.run(async () => {
      const { db, branchId } = this.deps;
      const service = await db.service.findUnique({ where: { branchId_id: { branchId, id: input.serviceId } } });
      if (!service) throw notFound(`service ${input.serviceId}`);
      const at = new Date(this.now());
      const day = localDay(at.getTime(), this.#timezone);
      const ticket = await db.$transaction(async (tx) => {
        if (input.appointmentId) await checkInAppointment(tx, input.appointmentId, at);
        const seq = await nextSeq(tx, branchId, day, service.id);
        return insertTicket(tx, {
          branchId, serviceId: service.id, day, seq, number: ticketNumber(service.ticketPrefix, seq), code: ticketCode(),
          priority: input.priority, language: input.language, issuedAt: at, queuedAt: at, appointmentId: input.appointmentId,
        }, { at, actor: input.actor });
      });
      return this.#announcer.ticket(await this.#storePrediction(ticket, at.getTime()), null, input.actor);
    });
  }

  callNext(counterId: string, actor: string): Promise<Ticket> {
    return this.#serial.run(async () => {
      const { db, branchId, policy } = this.deps;
      const counter = await findCounter(db, branchId, counterId);
      if (!counter.open) throw conflict(`counter ${counterId} is closed; open it first`);
      const held = await ticketAtCounter(db, branchId, counterId);
      if (held) throw conflict(`counter ${counterId} still has ticket ${held.number} (${held.status}); finish it first`);
      const waiting = await db.ticket.findMany({ where: { branchId, status: 'waiting', serviceId: { in: counter.serviceIds } }, orderBy: ISSUE_ORDER });
      const at = new Date(this.now());
      const pick = pickNext(
        waiting.map((row) => ({ id: row.id, serviceId: row.serviceId, priority: row.priority as PriorityClass, queuedAtMs: row.queuedAt.getTime() })),
        counter.serviceIds, at.getTime(), policy, this.#streaks.get(counterId) ?? 0,
      );
      if (!pick) throw new HttpError(404, 'no one is waiting for this counter');
      const chosen = waiting.find((row) => row.id === pick.ticket.id)!;
      const called = await db.$transaction((tx) => moveTicket(tx, chosen, 'called', { at, actor, counterId, set: { counterId, calledAt: at } }));
      this.#streaks.set(counterId, pick.streak);
      if (called.transferredFromId === null) {
        this.predictor.observeWait(called.serviceId, (at.getTime() - called.issuedAt.getTime()) / 1000, at.getTime());
      }
      this.#announcer.ticket(called, 'waiting', actor);
      this.#announcer.call(called, { nameEn: counter.nameEn, nameZh: counter.nameZh }, at, false);
      return called;
    });
  }

  recall(ticketId: string, actor: string): Promise<Ticket> {
    return this.#serial.run(async () => {
      const ticket = await findTicket(this.deps.db, this.deps.branchId, ticketId);
      if (ticket.status !== 'called') throw conflict(`ticket ${ticket.number} is ${ticket.status}; only a called ticket can be recalled`);
      const at = new Date(this.now());
      const recalled = await this.deps.db.$transaction((tx) => moveTicket(tx, ticket, 'called', { at, actor, counterId: ticket.counterId, set: { recalls: { increment: 1 } } }));
      const counter = await findCounter(this.deps.db, this.deps.branchId, recalled.counterId!);
      this.#announcer.ticket(recalled, 'called', actor);
      this.#announcer.call(recalled, counter, at, true);
      return recalled;
    });
  }

  /** A staff action at the counter: start serving, done, no-show, or left. */
  act(ticketId: string, action: TicketAction, actor: string): Promise<Ticket> {
    return this.#serial.run(async () => {
      const ticket = await findTicket(this.deps.db, this.deps.branchId, ticketId);
      const to = TICKET_ACTIONS[action];
      const at = new Date(this.now());
      const set = to === 'serving' ? { startedAt: at } : { endedAt: at };
      const moved = await this.deps.db.$transaction((tx) => moveTicket(tx, ticket, to, { at, actor, counterId: ticket.counterId, set }));
      if (to === 'done' && moved.startedAt) this.predictor.observeService(moved.serviceId, serviceSeconds(moved), at.getTime());
      if (to === 'left' && ticket.status === 'waiting') this.#gaveUp(ticket, at);
      return this.#announcer.ticket(moved, ticket.status as TicketStatus, actor);
    });
  }

  /** The customer gives up their ticket (by its secret code). */
  cancelByCode(code: string): Promise<Ticket> {
    return this.#serial.run(async () => {
      const ticket = await findTicketByCode(this.deps.db, this.deps.branchId, code);
      const at = new Date(this.now());
      const cancelled = await this.deps.db.$transaction((tx) => moveTicket(tx, ticket, 'cancelled', { at, actor: 'customer', counterId: ticket.counterId, set: { endedAt: at } }));
      if (ticket.status === 'waiting') this.#gaveUp(ticket, at);
      return this.#announcer.ticket(cancelled, ticket.status as TicketStatus, 'customer');
    });
  }

  /**
   * Sends the customer to another service: a new waiting ticket there with the same number,
   * issue time, place in line and secret code (see `transferTicket`).
   */
  transfer(ticketId: string, serviceId: string, actor: string): Promise<Ticket> {
    return this.#serial.run(async () => {
      const { db, branchId } = this.deps;
      const ticket = await findTicket(db, branchId, ticketId);
      if (ticket.serviceId === serviceId) throw conflict(`ticket ${ticket.number} is already for ${serviceId}`);
      if (!(await db.service.findUnique({ where: { branchId_id: { branchId, id: serviceId } } }))) throw notFound(`service ${serviceId}`);
      const at = new Date(this.now());
      const created = await db.$transaction((tx) => transferTicket(tx, ticket, serviceId, { at, actor }));
      this.#announcer.ticket({ ...ticket, status: 'transferred' }, ticket.status as TicketStatus, actor);
      return this.#announcer.ticket(await this.#storePrediction(created, at.getTime()), null, actor);
    });
  }

  /**
   * Opens or closes a counter; one that still holds a called or serving ticket cannot close.
   * Opening records `staffId` as the person working it (null: someone without a staff member,
   * who leaves an open counter's worker as is); closing clears it. Answers who works it now and
   * who stopped working it and works no other open counter, so their presence can follow.
   */
  setCounterOpen(counterId: string, open: boolean, staffId: string | null = null): Promise<CounterStaffing> {
    return this.#serial.run(async () => {
      const { db, branchId } = this.deps;
      const counter = await findCounter(db, branchId, counterId);
      const held = open ? null : await ticketAtCounter(db, branchId, counterId);
      if (held) throw conflict(`counter ${counterId} still has ticket ${held.number} (${held.status}); finish it before closing`);
      const worker = open ? (staffId ?? (counter.open ? counter.staffId : null)) : null;
      if (counter.open === open && counter.staffId === worker) return { staffId: worker, leftStaffId: null };
      await db.counter.update({ where: { branchId_id: { branchId, id: counterId } }, data: { open, staffId: worker } });
      if (!open) this.#streaks.delete(counterId);
      const left = counter.staffId !== null && counter.staffId !== worker && !(await worksAnotherCounter(db, branchId, counter.staffId, counterId));
      const names = await staffNames(db, branchId, [worker]);
      this.deps.bus.emit('queue.counter', { counterId, open, staffId: worker, staffName: worker ? (names.get(worker) ?? null) : null });
      return { staffId: worker, leftStaffId: left ? counter.staffId : null };
    });
  }

  /**
   * Closes what an earlier branch-local day left open (waiting or called: left; serving: done),
   * so each day's queue starts empty. Runs at start and every minute.
   */
  closePreviousDays(): Promise<number> {
    return this.#serial.run(async () => {
      const { db, branchId } = this.deps;
      const at = new Date(this.now());
      const stale = await db.ticket.findMany({ where: { branchId, status: { in: [...ACTIVE_STATUSES] }, day: { lt: localDay(at.getTime(), this.#timezone) } } });
      for (const ticket of stale) {
        const to = ticket.status === 'serving' ? 'done' : 'left';
        const closed = await db.$transaction((tx) => moveTicket(tx, ticket, to, { at, actor: END_OF_DAY, counterId: ticket.counterId, set: { endedAt: at } }));
        this.#announcer.ticket(closed, ticket.status as TicketStatus, END_OF_DAY);
      }
      if (stale.length > 0) this.deps.log.info({ closed: stale.length }, 'closed tickets left open from an earlier day');
      return stale.length;
    });
  }

  /**
   * Stores the prediction the ticket is given when it joins the queue, to measure it later. It is
   * made at exactly `atMs` (the issue time) so the predictor can match it with the wait that follows.
   */
  async #storePrediction(ticket: Ticket, atMs: number): Promise<Ticket> {
    const prediction = (await this.views.snapshot(atMs)).promiseFor(ticket);
    if (!prediction) return ticket;
    return this.deps.db.ticket.update({
      where: { id: ticket.id },
      data: { predictedLowS: prediction.lowS, predictedS: prediction.expectedS, predictedHighS: prediction.highS },
    });
  }

  /** A waiting customer gave up (left the line, or cancelled on their phone): the predictor learns how many do. */
  #gaveUp(ticket: Ticket, at: Date): void {
    this.predictor.observeGiveUp(ticket.serviceId, (at.getTime() - ticket.issuedAt.getTime()) / 1000, at.getTime());
  }

  async #loadTimezone(): Promise<void> {
    const branch = await this.deps.db.branch.findUnique({ where: { id: this.deps.branchId } });
    if (!branch) throw new Error(`branch ${this.deps.branchId} is not in the database`);
    this.#timezone = branch.timezone;
  }
}
