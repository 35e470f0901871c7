/**
 * Reads of the queue: the snapshot everything is computed from, and the views the API and the
 * /queue namespace answer with (TicketView, the board, services, counters).
 */
import type { Ticket } from '../../generated/prisma/client.ts';
import type { Db } from '../db/database.ts';
import { localDay, startOfLocalDay } from './branch-time.ts';
import type { CameraCount } from './camera-count.ts';
import { loadCounters, staffNames } from './counter-store.ts';
import { AT_COUNTER_STATUSES, type TicketStatus } from './lifecycle.ts';
import type { FairnessPolicy, PriorityClass } from './policy.ts';
import { QueueSnapshot } from './queue-snapshot.ts';
import type { Board, BoardCall, CounterView, ServiceSummary, TicketView } from './schemas.ts';
import { findTicket, findTicketByCode, ISSUE_ORDER } from './ticket-store.ts';
import type { WaitPredictor } from './wait-predictor.ts';

const BOARD_CALLS = 8;

export interface QueueViewsDeps {
  db: Db;
  branchId: string;
  policy: FairnessPolicy;
  predictor: WaitPredictor;
  cameraCount: CameraCount;
  bookable: ReadonlySet<string>;
  now: () => number;
  timezone: () => string;
}

export class QueueViews {
  constructor(private readonly deps: QueueViewsDeps) {}

  async snapshot(nowMs = this.deps.now()): Promise<QueueSnapshot> {
    const { db, branchId, policy, predictor, cameraCount } = this.deps;
    const [services, counters, waiting, atCounters] = await Promise.all([
      db.service.findMany({ where: { branchId }, orderBy: { id: 'asc' } }),
      loadCounters(db, branchId),
      db.ticket.findMany({ where: { branchId, status: 'waiting' }, orderBy: ISSUE_ORDER }),
      db.ticket.findMany({ where: { branchId, status: { in: [...AT_COUNTER_STATUSES] } }, select: { counterId: true } }),
    ]);
    const busyCounterIds = new Set(atCounters.flatMap((ticket) => (ticket.counterId ? [ticket.counterId] : [])));
    return new QueueSnapshot({ nowMs, policy, services, counters, waiting, busyCounterIds, predictor, cameraCount: (serviceId) => cameraCount(serviceId, nowMs) });
  }

  ticketView(ticket: Ticket, snapshot: QueueSnapshot): TicketView {
    const service = snapshot.service(ticket.serviceId);
    const atCounter = AT_COUNTER_STATUSES.includes(ticket.status as TicketStatus);
    const counter = atCounter ? snapshot.counter(ticket.counterId) : undefined;
    return {
      id: ticket.id,
      code: ticket.code,
      number: ticket.number,
      serviceId: ticket.serviceId,
      serviceNameEn: service?.nameEn ?? ticket.serviceId,
      serviceNameZh: service?.nameZh ?? ticket.serviceId,
      priority: ticket.priority as PriorityClass,
      status: ticket.status as TicketStatus,
      position: snapshot.position(ticket),
      prediction: snapshot.predictFor(ticket),
      counterId: atCounter ? ticket.counterId : null,
      counterNameEn: counter?.nameEn ?? null,
      counterNameZh: counter?.nameZh ?? null,
      issuedAt: ticket.issuedAt.toISOString(),
      calledAt: ticket.calledAt?.toISOString() ?? null,
      url: `/ticket/?code=${encodeURIComponent(ticket.code)}`,
    };
  }

  async ticket(id: string): Promise<TicketView> {
    const ticket = await findTicket(this.deps.db, this.deps.branchId, id);
    return this.ticketView(ticket, await this.snapshot());
  }

  async ticketByCode(code: string): Promise<TicketView> {
    const ticket = await findTicketByCode(this.deps.db, this.deps.branchId, code);
    return this.ticketView(ticket, await this.snapshot());
  }

  /** Views of the tickets with these codes (unknown codes are left out), from one snapshot. */
  async ticketsByCode(codes: string[], snapshot: QueueSnapshot): Promise<TicketView[]> {
    const tickets = await this.deps.db.ticket.findMany({ where: { branchId: this.deps.branchId, code: { in: codes } } });
    return tickets.map((ticket) => this.ticketView(ticket, snapshot));
  }

  /** Today's tickets (branch-local day), oldest first. */
  async today(filter: { status?: TicketStatus; serviceId?: string }): Promise<TicketView[]> {
    const snapshot = await this.snapshot();
    const tickets = await this.deps.db.ticket.findMany({
      where: { branchId: this.deps.branchId, day: localDay(snapshot.nowMs, this.deps.timezone()), ...filter },
      orderBy: [{ issuedAt: 'asc' }, { number: 'asc' }],
    });
    return tickets.map((ticket) => this.ticketView(ticket, snapshot));
  }

  async board(snapshot?: QueueSnapshot): Promise<Board> {
    const now = snapshot ?? (await this.snapshot());
    return {
      calls: await this.#recentCalls(now),
      services: now.services.map((service) => ({ serviceId: service.id, waiting: now.waitingCount(service.id), prediction: now.predictNewcomer(service.id) })),
    };
  }

  async services(): Promise<ServiceSummary[]> {
    const snapshot = await this.snapshot();
    return snapshot.services.map((service) => ({
      id: service.id,
      nameEn: service.nameEn,
      nameZh: service.nameZh,
      prefix: service.ticketPrefix,
      targetWaitS: service.targetWaitS,
      open: snapshot.isOpen(service.id),
      bookable: this.deps.bookable.has(service.id),
      waiting: snapshot.waitingCount(service.id),
      prediction: snapshot.predictNewcomer(service.id),
      why: snapshot.explainNewcomer(service.id),
    }));
  }

  async counters(): Promise<CounterView[]> {
    const snapshot = await this.snapshot();
    const held = await this.deps.db.ticket.findMany({ where: { branchId: this.deps.branchId, status: { in: [...AT_COUNTER_STATUSES] } } });
    const names = await staffNames(this.deps.db, this.deps.branchId, snapshot.counters.map((counter) => counter.staffId));
    return snapshot.counters.map((counter) => {
      const current = held.find((ticket) => ticket.counterId === counter.id);
      return {
        ...counter,
        staffName: counter.staffId ? (names.get(counter.staffId) ?? null) : null,
        current: current ? this.ticketView(current, snapshot) : null,
        waiting: counter.serviceIds.map((serviceId) => ({ serviceId, waiting: snapshot.waitingCount(serviceId) })),
      };
    });
  }

  /** Today's latest calls and recalls, one per ticket, latest first. */
  async #recentCalls(snapshot: QueueSnapshot): Promise<BoardCall[]> {
    const events = await this.deps.db.ticketEvent.findMany({
      where: { to: 'called', at: { gte: new Date(this.#startOfToday(snapshot.nowMs)) }, ticket: { branchId: this.deps.branchId } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      // Recalls repeat a ticket; this many events hold eight distinct tickets in practice.
      take: BOARD_CALLS * 8,
      include: { ticket: { select: { number: true, serviceId: true } } },
    });
    const seen = new Set<string>();
    const calls: BoardCall[] = [];
    for (const event of events) {
      if (seen.has(event.ticketId) || calls.length === BOARD_CALLS) continue;
      seen.add(event.ticketId);
      const counter = snapshot.counter(event.counterId);
      calls.push({
        number: event.ticket.number,
        serviceId: event.ticket.serviceId,
        counterId: event.counterId ?? '',
        counterNameEn: counter?.nameEn ?? event.counterId ?? '',
        counterNameZh: counter?.nameZh ?? event.counterId ?? '',
        calledAt: event.at.toISOString(),
        recall: event.from === 'called',
      });
    }
    return calls;
  }

  #startOfToday(nowMs: number): number {
    const timezone = this.deps.timezone();
    return startOfLocalDay(localDay(nowMs, timezone), timezone);
  }
}
