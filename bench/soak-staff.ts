/**
 * The branch's people: tellers who open the counters and call, start and finish tickets through
 * the staff API; floor staff with their phones on `/staff`, available in the hall, who accept
 * (or now and then decline) the offers they get, go, and resolve; floor tablets on `/floor` that
 * resolve the feedback follow-ups and what dispatch escalated to them; the lobby display on
 * `/queue`. Counters serve fast enough to keep the line bounded (the soak measures the hub,
 * not the branch's staffing): a mean service of half the counters' share of the ticket rate.
 */
import { io, type Socket } from 'socket.io-client';
import type { AlertState } from '../hub/bus.ts';
import type { DispatchView } from '../hub/dispatch/types.ts';
import type { SeededRandom } from '../hub/queue/simulate-random.ts';
import type { HelpTracker } from './soak-help.ts';
import { BUSY_DAY, type SoakRates } from './soak-rates.ts';
import type { Scheduler } from './soak-schedule.ts';
import type { Api } from './soak-stats.ts';
import type { KioskLoad } from './soak-kiosks.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const COUNTER_UTILISATION = 0.5;

export interface StaffLoadDeps {
  api: Api;
  httpUrl: string;
  scheduler: Scheduler;
  random: SeededRandom;
  rates: SoakRates;
  help: HelpTracker;
  kiosks: KioskLoad;
  /** Zones floor staff stand in. */
  floorZones: string[];
  /** A floor tablet's `zone` push. */
  onZone: (zone: { zoneId: string; updatedAt: string }) => void;
}

export class StaffLoad {
  readonly sockets: Socket[] = [];
  served = 0;
  noShows = 0;
  dispatch = { offers: 0, accepted: 0, declined: 0, resolved: 0, escalationsResolved: 0, followUpsResolved: 0 };
  pushes = { staff: 0, floor: 0, display: 0 };
  #counterLoops: Promise<void>[] = [];
  #handledAlerts = new Set<string>();

  constructor(private readonly deps: StaffLoadDeps) {}

  /** Logs everyone in; tellers open a counter each, the others go on the floor with their phones. */
  async start(people: { staff: Array<{ staffId: string; password: string }>; tablets: Array<{ username: string; password: string }>; counterIds: string[] }): Promise<void> {
    const { api, random } = this.deps;
    const login = async (username: string, password: string) => (await api.call<{ token: string }>('login', 'POST', '/auth/login', { body: { username, password } })).body.token;
    const tellers = Math.min(people.counterIds.length, people.staff.length);
    const meanServiceMs = (COUNTER_UTILISATION * tellers / this.deps.rates.ticketsPerS) * 1000;
    for (const [index, tablet] of people.tablets.entries()) await this.#tablet(await login(tablet.username, tablet.password), index, people.tablets.length);
    this.sockets.push(await this.#connect(io(`${this.deps.httpUrl}/queue`, { transports: ['websocket'], reconnection: false }), 'board', () => this.pushes.display++));
    for (const [index, person] of people.staff.entries()) {
      const token = await login(person.staffId, person.password);
      this.sockets.push(await this.#connect(io(`${this.deps.httpUrl}/staff`, { auth: { token }, transports: ['websocket'], reconnection: false }), 'dispatches', () => undefined, (socket) => {
        socket.on('dispatch', (view: DispatchView) => this.#onOffer(view, person.staffId, token));
      }));
      if (index < tellers) {
        await api.call('counter', 'POST', `/queue/counters/${people.counterIds[index]}/open`, { token });
      } else {
        await api.call('presence', 'PUT', '/staff/me/presence', { token, body: { status: 'available', zoneId: this.deps.floorZones[index % this.deps.floorZones.length] } });
      }
      if (index < tellers) this.#counterLoops.push(this.#counter(people.counterIds[index]!, token, meanServiceMs * (0.8 + 0.4 * random.next())));
    }
  }

  /** Lets the counters finish their customer, then closes every socket. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.#counterLoops);
    for (const socket of this.sockets) socket.close();
  }

  async #connect(socket: Socket, first: string, count: () => void, listen?: (socket: Socket) => void): Promise<Socket> {
    listen?.(socket);
    socket.onAny(count);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket.io: no ${first} within 10 s`)), 10_000);
      socket.once(first, () => (clearTimeout(timer), resolve()));
      socket.once('connect_error', (error: Error) => (clearTimeout(timer), reject(error)));
    });
    return socket;
  }

  /** A teller's loop: call the next ticket, the customer walks up, is served (or does not come), next. */
  async #counter(counterId: string, token: string, meanServiceMs: number): Promise<void> {
    const { scheduler } = this.deps;
    while (scheduler.running) {
      try {
        await this.#serveNext(counterId, token, meanServiceMs);
      } catch {
        await sleep(1_000); // counted by the API client; the teller carries on
      }
    }
  }

  async #serveNext(counterId: string, token: string, meanServiceMs: number): Promise<void> {
    const { api, random, scheduler, kiosks } = this.deps;
    const { status, body: ticket } = await api.call<{ id: string; code: string }>('counter', 'POST', `/queue/counters/${counterId}/call-next`, { token, expected: [404] });
    if (status !== 200) {
      await sleep(300 + random.next() * 400);
      return;
    }
    await sleep(200 + random.next() * 600);
    // 409: the customer gave the ticket up on their phone just as it was called.
    if (random.next() < BUSY_DAY.noShowShare) {
      if ((await api.call('counter', 'POST', `/queue/tickets/${ticket.id}/no-show`, { token, expected: [409] })).status === 200) this.noShows++;
      return;
    }
    if ((await api.call('counter', 'POST', `/queue/tickets/${ticket.id}/start`, { token, expected: [409] })).status !== 200) return;
    await sleep(random.lognormal(meanServiceMs, 0.6));
    await api.call('counter', 'POST', `/queue/tickets/${ticket.id}/done`, { token });
    this.served++;
    if (kiosks.tickets.has(ticket.id) && random.next() < BUSY_DAY.feedbackShare) {
      scheduler.after(500 + random.next() * 2_500, () => kiosks.feedback(ticket.code, true));
    }
  }

  /** A staff phone's `dispatch` push: an offer is accepted (9 in 10) or declined, then the person goes and resolves it. */
  #onOffer(view: DispatchView, staffId: string, token: string): void {
    this.pushes.staff++;
    this.deps.help.onDispatch(view);
    if (view.status !== 'offered' || view.staffId !== staffId) return;
    this.dispatch.offers++;
    const { api, random, scheduler } = this.deps;
    scheduler.after(1_000 + random.next() * 3_000, async () => {
      if (random.next() < 0.1) {
        await api.call('dispatch', 'POST', `/dispatches/${view.id}/decline`, { token, expected: [409] });
        this.dispatch.declined++;
        return;
      }
      const { status } = await api.call('dispatch', 'POST', `/dispatches/${view.id}/accept`, { token, expected: [409] });
      if (status !== 200) return; // reassigned or cancelled meanwhile
      this.dispatch.accepted++;
      await sleep(2_000 + random.next() * 4_000);
      await api.call('dispatch', 'POST', `/dispatches/${view.id}/arrived`, { token, expected: [409] });
      await sleep(3_000 + random.next() * 7_000);
      const resolved = await api.call('dispatch', 'POST', `/dispatches/${view.id}/resolve`, { token, body: { outcome: 'Helped the customer (soak)' }, expected: [409] });
      if (resolved.status === 200) this.dispatch.resolved++;
    });
  }

  /** A floor tablet: the first one also times the live pushes; each resolves its share of the cases. */
  async #tablet(token: string, index: number, tablets: number): Promise<void> {
    const socket = await this.#connect(io(`${this.deps.httpUrl}/floor`, { auth: { token }, transports: ['websocket'], reconnection: false }), 'snapshot', () => this.pushes.floor++, (s) => {
      if (index === 0) {
        s.on('zone', (zone: { zoneId: string; updatedAt: string }) => this.deps.onZone(zone));
        s.on('alert', (alert: AlertState) => this.deps.help.onAlert(alert));
        // Offers are timed on the staff phones; the floor sees the escalations.
        s.on('dispatch', (view: DispatchView) => void (view.status === 'escalated' && this.deps.help.onDispatch(view)));
      }
      s.on('alert', (alert: AlertState) => {
        if (alert.status === 'resolved' || alert.kind !== 'feedback-follow-up' || this.#mine(alert.id, index, tablets) === false) return;
        this.#resolveAlert(token, alert.id, 5_000 + this.deps.random.next() * 15_000, 'followUpsResolved');
      });
      s.on('dispatch', (view: DispatchView) => {
        if (view.status === 'escalated' && this.#mine(view.alertId, index, tablets)) this.#resolveAlert(token, view.alertId, 3_000 + this.deps.random.next() * 5_000, 'escalationsResolved');
      });
    });
    this.sockets.push(socket);
  }

  #mine(alertId: string, index: number, tablets: number): boolean {
    let hash = 0;
    for (const c of alertId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    return hash % tablets === index;
  }

  #resolveAlert(token: string, alertId: string, afterMs: number, tally: 'followUpsResolved' | 'escalationsResolved'): void {
    if (this.#handledAlerts.has(alertId)) return;
    this.#handledAlerts.add(alertId);
    this.deps.scheduler.after(afterMs, async () => {
      const { status } = await this.deps.api.call('alerts', 'POST', `/alerts/${alertId}/resolve`, { token, body: { outcome: 'Spoke with the customer (soak)' }, expected: [404, 409] });
      if (status === 200) this.dispatch[tally]++;
    });
  }
}
