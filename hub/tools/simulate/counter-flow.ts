/**
 * Customers and counters through the queue API, as the kiosk, the customer's phone and the
 * tellers would: a ticket at the kiosk; a teller opens the counter, calls the next ticket (the
 * hub's fairness policy picks it), starts, finishes or transfers; a customer who gave up cancels
 * on the phone, is seen leaving, or is simply not there when called (no-show after a recall).
 * Feedback follows service, linked to the ticket by its code, scored on the wait the hub produced.
 */
import type { CounterShift, PlannedVisit } from './day-plan.ts';
import { SERVICES } from './branch-file.ts';
import { tokenOf, type BranchContext } from './branch-context.ts';
import { feedbackAnswer } from './feedback-model.ts';

interface Visit {
  plan: PlannedVisit;
  ticketId: string;
  code: string;
  serviceId: string;
  serviceS: number;
  issuedMs: number;
  /** First call; the wait the customer felt ends here. */
  calledMs: number | null;
  /** Left the branch without telling anyone: not there when called. */
  gone: boolean;
  transferred: boolean;
}

interface CounterState {
  id: string;
  serviceIds: string[];
  token: string;
  open: boolean;
  holding: Visit | null;
  /** Finishing up after a customer: the next call is already on the agenda. */
  wrapping: boolean;
  /** The current shift is over: close as soon as the counter is free (after the queue, on the day's last). */
  shiftOver: boolean;
  lastShift: boolean;
}

const RECALL_AFTER_S = 60;
const NO_SHOW_AFTER_S = 120;
/** A long wait is flagged by the camera after this share of the target, with this probability. */
const LONG_WAIT_AT = 1.5;
const LONG_WAIT_FLAGGED = 0.35;

export class CounterFlow {
  /** Tickets waiting in the hub (those who left silently too), by ticket id. */
  readonly waiting = new Map<string, Visit>();
  readonly #counters = new Map<string, CounterState>();
  /** No transfers this close to closing: the other service's counters may have gone home. */
  #transfersUntilMs = 0;

  constructor(private readonly context: BranchContext) {
    const { file } = context;
    for (const teller of file.tellers) {
      const counter = file.config.counters.find((candidate) => candidate.id === teller.counterId)!;
      this.#counters.set(counter.id, { id: counter.id, serviceIds: counter.serviceIds, token: '', open: false, holding: null, wrapping: false, shiftOver: false, lastShift: false });
    }
  }

  /** Puts the day's customers and shifts on the agenda. */
  plan(visits: PlannedVisit[], shifts: CounterShift[], closeMs: number): void {
    const { agenda } = this.context;
    this.#transfersUntilMs = closeMs - 30 * 60_000;
    for (const visit of visits) agenda.at(visit.atMs, () => this.#arrive(visit));
    for (const shift of shifts) {
      agenda.at(shift.fromMs, () => this.#openCounter(shift));
      agenda.at(shift.toMs, () => this.#endShift(shift));
    }
  }

  /** Every counter has closed for the day. */
  get allClosed(): boolean {
    return [...this.#counters.values()].every((counter) => !counter.open);
  }

  /**
   * Tickets still waiting when every counter has gone home (a service nobody was left to serve):
   * the floor manager tells those customers and marks them as left. Answers how many.
   */
  async sendHomeStranded(): Promise<number> {
    const stranded = [...this.waiting.values()];
    for (const visit of stranded) {
      this.waiting.delete(visit.ticketId);
      await this.context.api.must(200, 'POST', `/queue/tickets/${visit.ticketId}/left`, { token: tokenOf(this.context, this.context.file.floor[0]!) });
    }
    return stranded.length;
  }

  /** People present and waiting for a service: what a camera over its line sees. */
  presentWaiting(serviceId: string): number {
    let count = 0;
    for (const visit of this.waiting.values()) if (visit.serviceId === serviceId && !visit.gone) count++;
    return count;
  }

  async #arrive(plan: PlannedVisit): Promise<void> {
    const { api, clock, agenda, tally } = this.context;
    const ticket = await api.must(201, 'POST', '/queue/tickets', { body: { serviceId: plan.serviceId, priority: plan.priority, language: plan.language } });
    tally.tickets++;
    const visit: Visit = { plan, ticketId: ticket.id, code: ticket.code, serviceId: plan.serviceId, serviceS: plan.serviceS, issuedMs: clock.now(), calledMs: null, gone: false, transferred: false };
    this.waiting.set(visit.ticketId, visit);
    agenda.after(plan.patienceS, () => this.#giveUp(visit));
    const target = SERVICES.find((service) => service.id === plan.serviceId)!.targetWaitS;
    agenda.after(target * LONG_WAIT_AT, () => this.#longWait(visit));
    await this.#offerWork();
  }

  async #giveUp(visit: Visit): Promise<void> {
    if (visit.calledMs !== null || !this.waiting.has(visit.ticketId) || visit.gone) return;
    const { api, file } = this.context;
    this.context.tally.gaveUp++;
    if (visit.plan.givesUp === 'silent') {
      visit.gone = true;
      return;
    }
    this.waiting.delete(visit.ticketId);
    if (visit.plan.givesUp === 'cancel') await api.must(200, 'POST', `/queue/tickets/by-code/${visit.code}/cancel`);
    else await api.must(200, 'POST', `/queue/tickets/${visit.ticketId}/left`, { token: tokenOf(this.context, file.floor[0]!) });
  }

  /** Someone waiting far past the target looks restless; the camera flags some of them. */
  async #longWait(visit: Visit): Promise<void> {
    const { random, profile, file, edge, tally } = this.context;
    if (visit.calledMs !== null || visit.gone || !this.waiting.has(visit.ticketId)) return;
    if (random.next() >= LONG_WAIT_FLAGGED * profile.incidentRate) return;
    const waitedS = Math.round((this.context.clock.now() - visit.issuedMs) / 1000);
    await edge.publish('tp.distress.detected', { zoneId: file.queueZones[visit.serviceId] ?? 'lobby', kind: 'long-wait', severity: 'medium', confidence: 0.8, durationS: waitedS });
    tally.events++;
    tally.incidents++;
  }

  async #openCounter(shift: CounterShift): Promise<void> {
    const counter = this.#counters.get(shift.counterId)!;
    const teller = this.context.file.tellers[shift.tellerIndex]!;
    counter.token = tokenOf(this.context, teller);
    await this.context.api.must(200, 'POST', `/queue/counters/${counter.id}/open`, { token: counter.token });
    Object.assign(counter, { open: true, shiftOver: false, lastShift: shift.last });
    await this.#callNext(counter);
  }

  async #endShift(shift: CounterShift): Promise<void> {
    const counter = this.#counters.get(shift.counterId)!;
    counter.shiftOver = true;
    if (!counter.holding) await this.#counterFree(counter);
  }

  /** A free counter calls the next customer, or closes when its shift is over (on the last, once nobody waits for it). */
  async #counterFree(counter: CounterState): Promise<void> {
    const queueLeft = this.#hasWaitingFor(counter);
    if (counter.shiftOver && !(counter.lastShift && queueLeft)) {
      await this.#closeCounter(counter);
      return;
    }
    // A few seconds to finish up before the next call.
    counter.wrapping = true;
    this.context.agenda.after(8 + this.context.random.exponential(12), () => {
      counter.wrapping = false;
      return this.#callNext(counter);
    });
  }

  async #closeCounter(counter: CounterState): Promise<void> {
    if (!counter.open) return;
    const { api } = this.context;
    await api.must(200, 'POST', `/queue/counters/${counter.id}/close`, { token: counter.token });
    counter.open = false;
    // Closing makes the teller available; they are on a break or gone home, not free for dispatches.
    await api.must(200, 'PUT', '/staff/me/presence', { token: counter.token, body: { status: counter.lastShift ? 'off-shift' : 'break' } });
  }

  async #offerWork(): Promise<void> {
    for (const counter of this.#counters.values()) {
      if (counter.open && !counter.holding && !counter.wrapping && (!counter.shiftOver || counter.lastShift)) await this.#callNext(counter);
    }
  }

  #hasWaitingFor(counter: CounterState): boolean {
    for (const visit of this.waiting.values()) if (counter.serviceIds.includes(visit.serviceId)) return true;
    return false;
  }

  async #callNext(counter: CounterState): Promise<void> {
    if (!counter.open || counter.holding) return;
    if (!this.#hasWaitingFor(counter)) {
      if (counter.shiftOver) await this.#closeCounter(counter);
      return;
    }
    const { api, agenda, clock } = this.context;
    const called = await api.must(200, 'POST', `/queue/counters/${counter.id}/call-next`, { token: counter.token });
    const visit = this.waiting.get(called.id);
    if (!visit) throw new Error(`the hub called ticket ${called.number}, which the simulation does not know as waiting`);
    this.waiting.delete(visit.ticketId);
    counter.holding = visit;
    visit.calledMs ??= clock.now();
    if (visit.gone || visit.plan.missesCall) {
      agenda.after(RECALL_AFTER_S, async () => void (await api.must(200, 'POST', `/queue/tickets/${visit.ticketId}/recall`, { token: counter.token })));
      agenda.after(NO_SHOW_AFTER_S, () => this.#finish(counter, 'no-show'));
      return;
    }
    agenda.after(visit.plan.walkS, async () => {
      await api.must(200, 'POST', `/queue/tickets/${visit.ticketId}/start`, { token: counter.token });
      agenda.after(visit.serviceS, () => this.#endService(counter, visit));
    });
  }

  async #endService(counter: CounterState, visit: Visit): Promise<void> {
    const transfer = visit.plan.transfer;
    if (transfer && !visit.transferred && this.context.clock.now() < this.#transfersUntilMs) {
      const moved = await this.context.api.must(201, 'POST', `/queue/tickets/${visit.ticketId}/transfer`, { token: counter.token, body: { serviceId: transfer.serviceId } });
      Object.assign(visit, { ticketId: moved.id, serviceId: transfer.serviceId, serviceS: transfer.serviceS, transferred: true });
      this.waiting.set(visit.ticketId, visit);
      counter.holding = null;
      await this.#counterFree(counter);
      await this.#offerWork();
      return;
    }
    await this.#finish(counter, 'done');
    this.context.agenda.after(visit.plan.feedbackDelayS, () => this.#feedback(visit));
  }

  async #finish(counter: CounterState, action: 'done' | 'no-show'): Promise<void> {
    const visit = counter.holding!;
    await this.context.api.must(200, 'POST', `/queue/tickets/${visit.ticketId}/${action}`, { token: counter.token });
    if (action === 'done') this.context.tally.served++;
    counter.holding = null;
    await this.#counterFree(counter);
  }

  async #feedback(visit: Visit): Promise<void> {
    const { api, profile, tally, hub } = this.context;
    const target = SERVICES.find((service) => service.id === visit.plan.serviceId)!.targetWaitS;
    const answer = feedbackAnswer(visit.plan.feedback, { waitS: (visit.calledMs! - visit.issuedMs) / 1000, targetWaitS: target, warmth: profile.warmth, language: visit.plan.language });
    if (!answer) return;
    await api.must(201, 'POST', '/feedback', { body: { ticketCode: visit.code, ...answer } });
    tally.feedback++;
    // A negative answer opens its follow-up case as it is stored.
    await hub.rules.settled();
  }
}
