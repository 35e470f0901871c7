/**
 * The lobby kiosks and the customers' phones, through the public routes as the screens call
 * them: each kiosk session reads the services, then does its task (a ticket, self-help searches
 * and an article, appointment slots, feedback, the board); the edge node that watches the kiosk
 * publishes its `tp.kiosk.session`, kiosk friction when the customer struggled and a help request
 * when they asked for a person. A phone reads its ticket once by code; a few give it up. Every
 * ticket and feedback answer the hub acknowledged is kept, to be found in the database at the end.
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { localDay } from '../hub/queue/branch-time.ts';
import type { SeededRandom } from '../hub/queue/simulate-random.ts';
import type { EdgeFleet } from './soak-edges.ts';
import { BUSY_DAY, type SoakRates } from './soak-rates.ts';
import type { Scheduler } from './soak-schedule.ts';
import type { Api } from './soak-stats.ts';

/** What customers type, in both languages, some mid-word (the kiosk searches as they type) or misspelt. */
const SEARCHES: Array<[string, 'en' | 'zh-CN']> = [
  ['I lost my card', 'en'], ['forgot PIN', 'en'], ['daily transfer limit', 'en'], ['open an account', 'en'], ['exchnage dollars', 'en'],
  ['statem', 'en'], ['can\'t log in', 'en'], ['我的卡丢了', 'zh-CN'], ['转账限额', 'zh-CN'], ['换美元', 'zh-CN'], ['开通手机银行', 'zh-CN'],
  ['存款证明', 'zh-CN'], ['卡被吞了', 'zh-CN'], ['换手机号', 'zh-CN'],
];
const BOOKABLE = ['accounts', 'fx', 'wealth'];
/** A phone stops following its ticket when it ends, or after this long. */
const FOLLOW_MAX_MS = 120_000;
const ENDED = new Set(['done', 'no-show', 'cancelled', 'left', 'transferred']);

export interface IssuedTicket {
  id: string;
  code: string;
}

export class KioskLoad {
  #phones = new Set<() => void>();
  /** Tickets the hub answered 201 for, by id. */
  readonly tickets = new Map<string, IssuedTicket>();
  /** Feedback answers the hub answered 201 for. */
  readonly feedbackIds = new Set<string>();
  sessions = 0;
  phones = { opened: 0, followed: 0, pushes: 0, failed: 0, open: 0 };

  constructor(private readonly deps: {
    api: Api; httpUrl: string; fleet: EdgeFleet; scheduler: Scheduler; random: SeededRandom; rates: SoakRates;
    branch: { timezone: string; kioskZone: string };
    /** The edge node that analyses each kiosk's telemetry. */
    edgeOf: (kioskId: string) => string;
  }) {}

  start(kioskIds: string[]): void {
    for (const kioskId of kioskIds) this.deps.scheduler.every(this.deps.rates.sessionEveryS, () => this.#session(kioskId));
  }

  /** The customer rates the visit on their phone, linked to the ticket. */
  async feedback(ticketCode: string | undefined, happy: boolean): Promise<void> {
    const { random } = this.deps;
    const csat = Math.max(1, Math.min(5, Math.round((happy ? 4.4 : 3.2) + random.normal() * 0.8)));
    const nps = random.next() < 0.7 ? Math.max(0, Math.min(10, Math.round((happy ? 8.5 : 6) + random.normal() * 1.8))) : undefined;
    const body = { ...(ticketCode ? { ticketCode } : {}), csat, ...(nps === undefined ? {} : { nps }), ...(random.next() < 0.1 ? { comment: csat <= 2 ? '等太久了' : '服务很好' } : {}), language: 'zh-CN' };
    const { body: answer } = await this.deps.api.call<{ id: string }>('feedback', 'POST', '/feedback', { body });
    this.feedbackIds.add(answer.id);
  }

  async #session(kioskId: string): Promise<void> {
    const { api, random } = this.deps;
    this.sessions++;
    const task = random.pick(BUSY_DAY.kioskTasks);
    const outcome = task === 'ticket' && random.next() < 0.5 ? 'completed' : random.pick(BUSY_DAY.kioskOutcomes);
    const struggled = outcome === 'abandoned' || outcome === 'timeout' || outcome === 'error';
    await api.call('services', 'GET', '/queue/services');
    await this.#think();
    if (task === 'ticket') await this.#ticket();
    else if (task === 'self-help') {
      const [query, lang] = SEARCHES[Math.floor(random.next() * SEARCHES.length)]!;
      await api.call('kb search', 'GET', `/kb/articles?lang=${lang}&q=${encodeURIComponent(query.slice(0, Math.max(2, Math.ceil(query.length / 2))))}`);
      await this.#think();
      const { body } = await api.call<{ items: { id: string }[] }>('kb search', 'GET', `/kb/articles?lang=${lang}&q=${encodeURIComponent(query)}`);
      if (body.items[0]) await api.call('kb article', 'GET', `/kb/articles/${body.items[0].id}`);
    } else if (task === 'appointment') {
      const serviceId = BOOKABLE[Math.floor(random.next() * BOOKABLE.length)]!;
      await api.call('slots', 'GET', `/queue/appointments/slots?serviceId=${serviceId}&date=${localDay(Date.now(), this.deps.branch.timezone)}`);
    } else if (task === 'feedback') await this.feedback(undefined, random.next() < 0.8);
    else await api.call('board', 'GET', '/queue/board');
    this.#telemetry(kioskId, task, outcome, struggled);
  }

  async #ticket(): Promise<void> {
    const { api, random, scheduler } = this.deps;
    const serviceId = random.pick(BUSY_DAY.services);
    const priority = random.next() < BUSY_DAY.assistedShare ? 'assisted' : 'normal';
    const { body: ticket } = await api.call<IssuedTicket>('ticket', 'POST', '/queue/tickets', {
      body: { serviceId, priority, language: random.next() < 0.1 ? 'en' : 'zh-CN' }, headers: { 'idempotency-key': randomUUID() },
    });
    this.tickets.set(ticket.id, { id: ticket.id, code: ticket.code });
    // The customer scans the QR code: the phone reads the ticket once, then follows it live.
    scheduler.after(500 + random.next() * 1500, async () => {
      await api.call('ticket by code', 'GET', `/queue/tickets/by-code/${ticket.code}`);
      this.#follow(ticket.code);
    });
    if (random.next() < BUSY_DAY.cancelShare) {
      // Gives up on the phone; 409 when a counter called it meanwhile.
      scheduler.after(2_000 + random.next() * 4_000, () => api.call('cancel', 'POST', `/queue/tickets/by-code/${ticket.code}/cancel`, { expected: [409] }));
    }
  }

  /** The phone page on the public `/queue` namespace, following one ticket until it ends. */
  #follow(code: string): void {
    const phones = this.phones;
    const socket = io(`${this.deps.httpUrl}/queue`, { transports: ['websocket'], reconnection: false });
    phones.opened++;
    phones.open++;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      phones.open--;
      clearTimeout(timer);
      socket.close();
    };
    const timer = setTimeout(close, FOLLOW_MAX_MS);
    socket.on('connect_error', () => (phones.failed++, close()));
    socket.on('connect', () => socket.emit('follow', code, (answer: { ok: boolean }) => void (answer.ok ? phones.followed++ : (phones.failed++, close()))));
    socket.on('ticket', (ticket: { status: string }) => {
      phones.pushes++;
      if (ENDED.has(ticket.status)) close();
    });
    this.#phones.add(close);
    socket.on('disconnect', () => this.#phones.delete(close));
  }

  /** Closes the phones still following. */
  closePhones(): void {
    for (const close of this.#phones) close();
  }

  /** The watching edge node's events for this session. */
  #telemetry(kioskId: string, task: string, outcome: string, struggled: boolean): void {
    const { fleet, random, branch } = this.deps;
    const sourceId = this.deps.edgeOf(kioskId);
    const errors = struggled ? 1 + Math.floor(random.exponential(1.2)) : random.next() < 0.1 ? 1 : 0;
    const durationS = Math.round((task === 'ticket' ? 35 : 110) * random.lognormal(1, 0.5) + (outcome === 'timeout' ? 60 : 0));
    if (struggled && random.next() < BUSY_DAY.frictionOfStruggling) {
      fleet.publish(sourceId, 'tp.distress.detected', { zoneId: branch.kioskZone, kind: 'kiosk-friction', severity: errors > 1 ? 'medium' : 'low', confidence: 0.8, durationS: Math.min(60, durationS) });
    }
    if (outcome === 'escalated') fleet.publish(sourceId, 'tp.distress.detected', { zoneId: branch.kioskZone, kind: 'help-request', severity: 'medium', confidence: 0.9, durationS: 0 });
    fleet.publish(sourceId, 'tp.kiosk.session', {
      zoneId: branch.kioskZone, kioskId, sessionId: randomUUID(), task: task as never, outcome: outcome as never, durationS,
      steps: (task === 'ticket' ? 3 : 5) + Math.floor(random.exponential(2)) + errors, errors,
    });
  }

  /** A moment between two taps, shortened with the scale as the sessions are. */
  #think(): Promise<void> {
    const ms = (1_000 + this.deps.random.next() * 3_000) * (10 / Math.max(10, this.deps.rates.scale)) / 2;
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
