/**
 * A seeded, deterministic branch day on a virtual clock, to measure the wait predictor against
 * waits that follow the real fairness policy (`pickNext`). No I/O and no wall clock: the same
 * scenario, seed and predictor state give the same day.
 *
 * Customers arrive as a Poisson process whose rate follows the scenario's daily profile (scaled by
 * a random day volume), take a ticket for a service with a priority class, and give up after a
 * lognormal patience. A free open counter calls the next ticket of its services by the policy;
 * service times are lognormal per service. At every issue the simulator asks the predictor for
 * the ticket's range and records it; it feeds the predictor every finished service and every
 * called ticket's wait, as the queue service does. At closing time no one more is called; those
 * still waiting stay `waiting`.
 */
import { pickNext, type PriorityClass, type PriorityStreak, type WaitingTicket } from './policy.ts';
import { effectiveCounters, ticketsAhead } from './simulate-ahead.ts';
import { EventQueue } from './simulate-events.ts';
import { SeededRandom } from './simulate-random.ts';
import { arrivalRate, type BranchDayScenario, type SimCounter } from './simulate-scenario.ts';
import type { WaitPrediction, WaitPredictor } from './wait-predictor.ts';

export interface SimTicket {
  id: string;
  serviceId: string;
  priority: PriorityClass;
  issuedMs: number;
  /** What the predictor said at issue, and what it was told. */
  prediction: WaitPrediction;
  ahead: number;
  counters: number;
  outcome: 'served' | 'left' | 'waiting';
  calledMs: number | null;
  leftMs: number | null;
}

export interface SimDay {
  tickets: SimTicket[];
}

type SimEvent =
  | { kind: 'arrival' }
  | { kind: 'done'; counter: CounterState; ticket: SimTicket; durationS: number }
  | { kind: 'leave'; ticket: SimTicket }
  | { kind: 'shift'; counter: CounterState; open: boolean };

interface CounterState {
  def: SimCounter;
  inShift: boolean;
  serving: SimTicket | null;
  streak: PriorityStreak;
}

const MINUTE_MS = 60_000;

/** Simulates one day starting at `dayStartMs` (branch-local midnight, epoch ms). */
export function simulateDay(scenario: BranchDayScenario, options: { seed: number; predictor: WaitPredictor; dayStartMs: number }): SimDay {
  return new BranchDaySimulation(scenario, options.seed, options.predictor, options.dayStartMs).run();
}

class BranchDaySimulation {
  private readonly random: SeededRandom;
  private readonly events = new EventQueue<SimEvent>();
  private readonly counters: CounterState[];
  private readonly waiting: WaitingTicket[] = [];
  private readonly tickets = new Map<string, SimTicket>();
  private readonly numbers = new Map<string, number>();
  private readonly openMs: number;
  private readonly closeMs: number;
  private readonly volume: number;
  private readonly peakPerHour: number;
  private readonly serviceShares: Record<string, number>;
  private readonly dayStartMs: number;
  private now = 0;

  constructor(
    private readonly scenario: BranchDayScenario,
    seed: number,
    private readonly predictor: WaitPredictor,
    dayStartMs: number,
  ) {
    this.dayStartMs = dayStartMs;
    this.random = new SeededRandom(seed);
    this.openMs = dayStartMs + scenario.openMin * MINUTE_MS;
    this.closeMs = dayStartMs + scenario.closeMin * MINUTE_MS;
    this.volume = Math.max(0.2, 1 + scenario.dayVolumeCv * this.random.normal());
    this.peakPerHour = Math.max(...scenario.arrivals.map((point) => point.perHour)) * this.volume;
    this.serviceShares = Object.fromEntries(scenario.services.map((service, index) => [String(index), service.share]));
    this.counters = scenario.counters.map((def) => ({ def, inShift: false, serving: null, streak: 0 }));
  }

  run(): SimDay {
    for (const counter of this.counters) {
      for (const shift of counter.def.shifts) {
        this.events.push(this.dayStartMs + shift.fromMin * MINUTE_MS, { kind: 'shift', counter, open: true });
        this.events.push(this.dayStartMs + shift.toMin * MINUTE_MS, { kind: 'shift', counter, open: false });
      }
    }
    this.now = this.openMs;
    this.scheduleArrival();
    for (let next = this.events.pop(); next; next = this.events.pop()) {
      this.now = next.atMs;
      this.handle(next.event);
    }
    return { tickets: [...this.tickets.values()] };
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'arrival':
        this.issue();
        this.scheduleArrival();
        break;
      case 'done':
        this.predictor.observeService(event.ticket.serviceId, event.durationS, this.now);
        event.counter.serving = null;
        this.callNext(event.counter);
        break;
      case 'leave':
        // After closing time those still waiting stay `waiting`: the day's record ends there.
        if (event.ticket.outcome === 'waiting' && this.now < this.closeMs) this.leave(event.ticket);
        break;
      case 'shift':
        event.counter.inShift = event.open;
        this.callNext(event.counter);
        break;
    }
  }

  /** Next arrival by thinning: candidates at the peak rate, kept with probability rate ÷ peak. */
  private scheduleArrival(): void {
    let t = this.now;
    for (;;) {
      t += this.random.exponential(3600_000 / this.peakPerHour);
      if (t >= this.closeMs) return;
      const rate = arrivalRate(this.scenario.arrivals, (t - this.openMs) / MINUTE_MS + this.scenario.openMin) * this.volume;
      if (this.random.next() * this.peakPerHour < rate) break;
    }
    this.events.push(t, { kind: 'arrival' });
  }

  private issue(): void {
    const service = this.scenario.services[Number(this.random.pick(this.serviceShares))]!;
    const priority = this.random.pick(this.scenario.priorityMix);
    const number = (this.numbers.get(service.id) ?? 0) + 1;
    this.numbers.set(service.id, number);
    const open = this.counters.filter((counter) => counter.inShift).map((counter) => counter.def);
    const ahead = ticketsAhead(this.waiting, service.id, priority, this.scenario.policy);
    const counters = effectiveCounters(open, service.id, (id) => this.waiting.some((ticket) => ticket.serviceId === id));
    const idleCounters = this.counters.filter((counter) => counter.inShift && !counter.serving && counter.def.serviceIds.includes(service.id)).length;
    const prediction = this.predictor.predictForNewTicket({ serviceId: service.id, ahead, counters, cameraCount: null, idleCounters, priority: priority !== 'normal', nowMs: this.now });
    const id = `${service.prefix}${String(number).padStart(3, '0')}`;
    const ticket: SimTicket = { id, serviceId: service.id, priority, issuedMs: this.now, prediction, ahead, counters, outcome: 'waiting', calledMs: null, leftMs: null };
    this.tickets.set(id, ticket);
    this.waiting.push({ id, serviceId: service.id, priority, queuedAtMs: this.now });
    const patienceMs = this.random.lognormal(this.scenario.patience.meanS, this.scenario.patience.cv) * 1000;
    this.events.push(this.now + patienceMs, { kind: 'leave', ticket });
    for (const counter of this.counters) if (counter.def.serviceIds.includes(service.id)) this.callNext(counter);
  }

  private callNext(counter: CounterState): void {
    if (!counter.inShift || counter.serving || this.now >= this.closeMs) return;
    const pick = pickNext(this.waiting, counter.def.serviceIds, this.now, this.scenario.policy, counter.streak);
    if (!pick) return;
    const ticket = this.tickets.get(pick.ticket.id)!;
    this.waiting.splice(this.waiting.indexOf(pick.ticket), 1);
    counter.streak = pick.streak;
    counter.serving = ticket;
    ticket.outcome = 'served';
    ticket.calledMs = this.now;
    this.predictor.observeWait(ticket.serviceId, (this.now - ticket.issuedMs) / 1000, this.now);
    const service = this.scenario.services.find((s) => s.id === ticket.serviceId)!;
    const durationS = this.random.lognormal(service.meanServiceS, service.serviceCv);
    this.events.push(this.now + durationS * 1000, { kind: 'done', counter, ticket, durationS });
  }

  private leave(ticket: SimTicket): void {
    this.waiting.splice(this.waiting.findIndex((w) => w.id === ticket.id), 1);
    ticket.outcome = 'left';
    ticket.leftMs = this.now;
    this.predictor.observeGiveUp(ticket.serviceId, (this.now - ticket.issuedMs) / 1000, this.now);
  }
}
