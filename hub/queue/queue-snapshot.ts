/**
 * The queue at one moment, read once and shared by everything built from it (ticket views, the
 * board, service summaries, breach checks): services, counters, waiting tickets in call order,
 * and wait predictions.
 */
import type { Service, Ticket } from '../../generated/prisma/client.ts';
import { callOrder } from './call-order.ts';
import { effectiveCounters } from './simulate-ahead.ts';
import type { FairnessPolicy, PriorityClass, WaitingTicket } from './policy.ts';
import type { Prediction, WaitBasis } from './schemas.ts';
import type { PredictInput, WaitPredictor } from './wait-predictor.ts';

export interface CounterInfo {
  id: string;
  nameEn: string;
  nameZh: string;
  open: boolean;
  serviceIds: string[];
  /** The staff member who opened it and works it now; null when closed or opened by someone without one. */
  staffId: string | null;
}

export interface SnapshotSources {
  nowMs: number;
  policy: FairnessPolicy;
  services: Service[];
  counters: CounterInfo[];
  /** Tickets with status `waiting`. */
  waiting: Ticket[];
  /** Counters with a ticket called or being served. */
  busyCounterIds: ReadonlySet<string>;
  /** People counted in the service's queue zone by a camera, or null when none saw it recently. */
  cameraCount: (serviceId: string) => number | null;
  predictor: WaitPredictor;
}

type Queued = WaitingTicket & { row: Ticket };

export class QueueSnapshot {
  readonly nowMs: number;
  readonly services: Service[];
  readonly counters: CounterInfo[];
  #orders = new Map<string, Queued[]>();
  #queued: Queued[];

  constructor(private readonly sources: SnapshotSources) {
    this.nowMs = sources.nowMs;
    this.services = sources.services;
    this.counters = sources.counters;
    this.#queued = sources.waiting.map((row) => ({ id: row.id, serviceId: row.serviceId, priority: row.priority as PriorityClass, queuedAtMs: row.queuedAt.getTime(), row }));
  }

  service(id: string): Service | undefined {
    return this.services.find((service) => service.id === id);
  }

  counter(id: string | null): CounterInfo | undefined {
    return id === null ? undefined : this.counters.find((counter) => counter.id === id);
  }

  /** An open counter serves the service now. */
  isOpen(serviceId: string): boolean {
    return this.counters.some((counter) => counter.open && counter.serviceIds.includes(serviceId));
  }

  /** Open counters serving the service, each counted by its share of time (`effectiveCounters`). */
  effectiveCounters(serviceId: string): number {
    return effectiveCounters(this.counters.filter((counter) => counter.open), serviceId, (id) => this.waitingCount(id) > 0);
  }

  /** Open counters serving the service with no ticket at them: they call the next one at once. */
  idleCounters(serviceId: string): number {
    return this.counters.filter((counter) => counter.open && counter.serviceIds.includes(serviceId) && !this.sources.busyCounterIds.has(counter.id)).length;
  }

  waitingCount(serviceId: string): number {
    return this.order(serviceId).length;
  }

  /** The service's waiting tickets in the order they will be called. */
  order(serviceId: string): Ticket[] {
    let order = this.#orders.get(serviceId);
    if (!order) {
      order = callOrder(this.#queued, serviceId, this.nowMs, this.sources.policy);
      this.#orders.set(serviceId, order);
    }
    return order.map((ticket) => ticket.row);
  }

  /** 1 = called next; null unless the ticket is waiting. */
  position(ticket: Pick<Ticket, 'id' | 'serviceId' | 'status'>): number | null {
    if (ticket.status !== 'waiting') return null;
    const index = this.order(ticket.serviceId).findIndex((row) => row.id === ticket.id);
    return index < 0 ? null : index + 1;
  }

  /** The predicted wait of a waiting ticket from now. */
  predictFor(ticket: Pick<Ticket, 'id' | 'serviceId' | 'status' | 'priority'>): Prediction | null {
    const position = this.position(ticket);
    return position === null ? null : this.#predict(ticket.serviceId, position - 1, ticket.priority !== 'normal');
  }

  /**
   * The wait promised to a ticket that has just joined the queue (at this snapshot's time): the
   * predictor keeps it to learn from the wait that follows.
   */
  promiseFor(ticket: Pick<Ticket, 'id' | 'serviceId' | 'status' | 'priority'>): Prediction | null {
    const position = this.position(ticket);
    return position === null ? null : this.#predict(ticket.serviceId, position - 1, ticket.priority !== 'normal', true);
  }

  /** The predicted wait of a normal ticket taken now: everyone waiting is ahead of it. */
  predictNewcomer(serviceId: string): Prediction {
    return this.#predict(serviceId, this.waitingCount(serviceId), false);
  }

  /** Why a normal ticket taken now would wait what `predictNewcomer` says. */
  explainNewcomer(serviceId: string): WaitBasis {
    return this.sources.predictor.explain(this.#input(serviceId, this.waitingCount(serviceId), false));
  }

  #predict(serviceId: string, ahead: number, priority: boolean, promise = false): Prediction {
    const input = this.#input(serviceId, ahead, priority);
    const predictor = this.sources.predictor;
    return promise ? predictor.predictForNewTicket(input) : predictor.predict(input);
  }

  #input(serviceId: string, ahead: number, priority: boolean): PredictInput {
    return {
      serviceId,
      ahead,
      priority,
      counters: this.effectiveCounters(serviceId),
      cameraCount: this.sources.cameraCount(serviceId),
      idleCounters: this.idleCounters(serviceId),
      nowMs: this.nowMs,
    };
  }
}
