/**
 * The floor: what the cameras and the kiosk report over MQTT (queue counts, distress signs,
 * kiosk sessions) and how the floor staff answer the alerts those open. Staff hear of an offer
 * the way their phones do — the hub's `dispatch.changed`, which the staff socket forwards — and
 * answer through the dispatch API after a human delay: accept, walk over, help, resolve. The floor
 * manager resolves escalations and the cases that need no one sent (an unhappy face, a negative
 * feedback answer) on the floor page's API.
 */
import { randomUUID } from 'node:crypto';
import type { AlertState } from '../../bus.ts';
import type { DispatchView } from '../../dispatch/types.ts';
import { FEEDBACK_ALERT_KIND } from '../../rules/feedback-rule.ts';
import { tokenOf, type BranchContext } from './branch-context.ts';
import type { CounterFlow } from './counter-flow.ts';
import type { PlannedIncident, PlannedKioskSession } from './day-plan.ts';

/** Alerts the floor manager closes in person; the others close by themselves when their cause clears. */
const MANAGER_CASES = new Set(['negative-affect', FEEDBACK_ALERT_KIND]);
const CAMERA_EVERY_S = 120;
/** How long the hub may take to offer a new alert's dispatch (real time) before the run moves on. */
const OFFER_WAIT_MS = 5000;

const OUTCOMES: Record<string, { en: string; zh: string }> = {
  fall: { en: 'Helped the customer up, offered a seat and water; no injury.', zh: '已扶起客户并安排就座、送水，未受伤。' },
  'help-request': { en: 'Explained the process and took the customer to the right counter.', zh: '已说明办理流程并引导客户到对应窗口。' },
  'kiosk-friction': { en: 'Completed the kiosk task together with the customer.', zh: '已协助客户在自助机上完成办理。' },
  'long-wait': { en: 'Checked the ticket, explained the wait and offered a seat.', zh: '已核对排队号，说明等待时间并安排就座。' },
  other: { en: 'Attended to the customer.', zh: '已接待客户。' },
};

export class FloorFlow {
  /** Offers still open, by dispatch id → when they time out. */
  readonly offers = new Map<string, number>();
  /** New alerts that need a person, by id, until their dispatch is offered or escalated. */
  readonly #awaitingOffer = new Map<string, () => void>();
  readonly #pending: Promise<void>[] = [];
  readonly #seenAlerts = new Set<string>();
  #unsubscribe: Array<() => void> = [];

  constructor(private readonly context: BranchContext, private readonly counters: CounterFlow) {}

  start(): void {
    const { bus } = this.context.hub;
    this.#unsubscribe = [
      bus.on('state.alert', (alert) => this.#onAlert(alert)),
      bus.on('dispatch.changed', ({ dispatch }) => this.#onDispatch(dispatch)),
    ];
  }

  stop(): void {
    for (const off of this.#unsubscribe) off();
  }

  /** Waits until every alert opened so far that needs a person has its dispatch offered. */
  async settled(): Promise<void> {
    await this.context.hub.rules.settled();
    await Promise.all(this.#pending.splice(0));
  }

  plan(incidents: PlannedIncident[], sessions: PlannedKioskSession[], openMs: number, closeMs: number): void {
    const { agenda, file } = this.context;
    for (const incident of incidents) agenda.at(incident.atMs, () => this.#distress(incident.zoneId, incident.kind, incident.severity, incident.kind === 'fall' ? 4 : 0));
    for (const session of sessions) agenda.at(session.atMs, () => this.#kioskSession(session));
    for (const [serviceId, zoneId] of Object.entries(file.queueZones)) {
      for (let at = openMs; at <= closeMs; at += CAMERA_EVERY_S * 1000) agenda.at(at, () => this.#cameraCount(serviceId, zoneId));
    }
  }

  /** Floor staff come on shift in the lobby, or go home. */
  async setShift(onShift: boolean): Promise<void> {
    for (const person of this.context.file.floor) {
      await this.context.api.must(200, 'PUT', '/staff/me/presence', { token: tokenOf(this.context, person), body: onShift ? { status: 'available', zoneId: 'lobby' } : { status: 'off-shift' } });
    }
  }

  async #distress(zoneId: string, kind: PlannedIncident['kind'] | 'kiosk-friction', severity: PlannedIncident['severity'], durationS: number): Promise<void> {
    await this.context.edge.publish('tp.distress.detected', { zoneId, kind, severity, confidence: 0.75 + 0.2 * this.context.random.next(), durationS });
    this.context.tally.events++;
    this.context.tally.incidents++;
    await this.settled();
  }

  async #kioskSession(session: PlannedKioskSession): Promise<void> {
    if (session.friction) await this.#distress('kiosk-area', 'kiosk-friction', session.errors > 1 ? 'medium' : 'low', Math.min(60, session.durationS));
    const { task, outcome, durationS, steps, errors, answer } = session;
    await this.context.edge.publish('tp.kiosk.session', { zoneId: 'kiosk-area', kioskId: 'kiosk-1', sessionId: randomUUID(), task, outcome, durationS, steps, errors, ...(answer && { answer }) });
    this.context.tally.events++;
  }

  /** The camera over a queue zone: the customers waiting there, and some who came with them. */
  async #cameraCount(serviceId: string, zoneId: string): Promise<void> {
    const { random, edge, hub } = this.context;
    const waiting = this.counters.presentWaiting(serviceId);
    const companions = Math.round(waiting * 0.2 * random.next() + (random.next() < 0.1 ? 1 : 0));
    await edge.publish('tp.queue.observed', { zoneId, count: waiting + companions, waitEstimateS: null, confidence: 0.8 + 0.15 * random.next(), windowS: 60 });
    this.context.tally.events++;
    await hub.rules.tick();
  }

  #onAlert(alert: AlertState): void {
    if (alert.status === 'resolved' || this.#seenAlerts.has(alert.id)) return;
    this.#seenAlerts.add(alert.id);
    if (alert.needsPerson) {
      this.#pending.push(new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, OFFER_WAIT_MS);
        this.#awaitingOffer.set(alert.id, () => {
          clearTimeout(timer);
          resolve();
        });
      }));
    } else if (MANAGER_CASES.has(alert.kind)) {
      this.#managerResolves(alert.id, 60 + 240 * this.#reaction(), alert.kind === FEEDBACK_ALERT_KIND ? 'Spoke with the customer and apologised; follow-up noted.' : 'Checked on the customer; they are fine.');
    }
  }

  #onDispatch(dispatch: DispatchView): void {
    this.#awaitingOffer.get(dispatch.alertId)?.();
    this.#awaitingOffer.delete(dispatch.alertId);
    if (dispatch.status !== 'offered') this.offers.delete(dispatch.id);
    if (dispatch.status === 'offered' && dispatch.staffId && dispatch.offerExpiresAt) {
      this.offers.set(dispatch.id, Date.parse(dispatch.offerExpiresAt));
      this.context.tally.dispatches++;
      const person = this.context.file.floor.find((member) => member.staffId === dispatch.staffId);
      if (person) this.context.agenda.after(18 * this.#reaction(), () => this.#respond(dispatch, person.staffId));
    } else if (dispatch.status === 'escalated') {
      this.#managerResolves(dispatch.alertId, 120 + 180 * this.#reaction(), 'Handled by the floor manager.');
    }
  }

  async #respond(dispatch: DispatchView, staffId: string): Promise<void> {
    const { api, agenda } = this.context;
    const token = this.context.tokens.get(staffId)!;
    // Too late: the offer timed out and went to someone else.
    if ((await api.call('POST', `/dispatches/${dispatch.id}/accept`, { token })).status !== 200) return;
    const kind = dispatch.alert.kind;
    const outcome = OUTCOMES[kind] ?? OUTCOMES.other!;
    agenda.after(45 * this.#reaction(), async () => {
      await api.must(200, 'POST', `/dispatches/${dispatch.id}/arrived`, { token });
      agenda.after((kind === 'fall' ? 480 : 150) * this.#reaction(), async () => {
        await api.must(200, 'POST', `/dispatches/${dispatch.id}/resolve`, { token, body: { outcome: this.context.profile.englishShare > 0.5 ? outcome.en : outcome.zh } });
      });
    });
  }

  #managerResolves(alertId: string, afterS: number, outcome: string): void {
    const token = tokenOf(this.context, this.context.file.floor[0]!);
    this.context.agenda.after(afterS, async () => {
      // It may have closed by itself meanwhile (404): nothing left to do.
      await this.context.api.call('POST', `/alerts/${alertId}/resolve`, { token, body: { outcome } });
    });
  }

  /** A person's reaction time factor: the branch's responsiveness, varying from one time to the next. */
  #reaction(): number {
    return this.context.profile.responsiveness * this.context.random.lognormal(1, 0.7);
  }
}
