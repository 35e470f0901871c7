/**
 * Replays a real queue log through the hub's queue engine on a virtual clock: the queue snapshot
 * the kiosk's ticket is predicted from (`QueueSnapshot`: the fairness policy's call order, the
 * open counters and their services, idle counters) and the same `WaitPredictor`, fed as the queue
 * service feeds it. The database layer is left out (a month is 31,000 tickets); nothing else is.
 *
 * Each row becomes issue → call → done, or issue → left, in the log's order of same-second
 * events (done, issued, left, called). At each issue the ticket is promised a wait from what the
 * hub knows at that moment only; the predictor starts cold and learns online.
 *
 * What the log does not say is supplied as a branch would configure it:
 * - services are created as they first appear;
 * - a counter opens at its first call of the day and closes after its last `doneAt` that day;
 *   it takes the services it has called so far (the log has no skill table), so a counter's
 *   list grows as it serves a new one;
 * - the log's priority customers (class 2) were moved about 1.5 min ahead: they are `vip`
 *   tickets under a policy that puts them exactly that far ahead (`LOG_POLICY`);
 * - a call takes that exact ticket (a counter can call a ticket by number), whatever the policy
 *   would have picked: the log is what happened.
 */
import type { Service, Ticket } from '../generated/prisma/client.ts';
import type { FairnessPolicy } from '../hub/queue/policy.ts';
import { QueueSnapshot, type CounterInfo } from '../hub/queue/queue-snapshot.ts';
import { WaitPredictor, type WaitPredictorOptions } from '../hub/queue/wait-predictor.ts';
import { WaitBaselines, type BaselinePredictions } from './wait-baselines.ts';
import type { LogTicket } from './wait-log.ts';
import type { ScoredTicket } from './wait-metrics.ts';

const PRIORITY_HEAD_START_MS = 90_000;
const DAY_MS = 86_400_000;
/**
 * The source bank's policy, with the hub's rules: a ticket is called in the order of its place in
 * the queue plus its class's maximum wait (the longest overdue first), so a priority ticket (0 s)
 * stands exactly 90 s ahead of a normal one (90 s) issued at the same time. No ratio limit.
 */
const LOG_POLICY: FairnessPolicy = {
  priorityRatio: Number.MAX_SAFE_INTEGER,
  maxWaitS: { appointment: 0, assisted: 0, vip: 0, normal: PRIORITY_HEAD_START_MS / 1000 },
};

/** Same-second events apply in this order (the log's rule). */
const ORDER = { done: 0, issued: 1, left: 2, called: 3 } as const;
type Kind = keyof typeof ORDER;

/** A scored ticket with the state it was predicted from. */
export interface ReplayedTicket extends ScoredTicket {
  /** Tickets the hub would call before it. */
  ahead: number;
  /** Effective open counters of its service (a counter taking k services counts 1/k). */
  counters: number;
  /** The classical predictors' expected waits for the same ticket (wait-baselines.ts), seconds. */
  baselines: BaselinePredictions;
}

export function replayQueueLog(tickets: readonly LogTicket[], options: { predictor?: Partial<WaitPredictorOptions> } = {}): ReplayedTicket[] {
  const replay = new QueueReplay(new WaitPredictor(options.predictor), lastDoneByCounterDay(tickets));
  for (const { kind, ticket, atMs } of replayEvents(tickets)) replay[kind](ticket, atMs);
  return replay.scored;
}

/** The log's rows as events, in time order and the log's order of same-second events. */
export function replayEvents(tickets: readonly LogTicket[]): Array<{ kind: Kind; ticket: LogTicket; atMs: number }> {
  const list: Array<{ kind: Kind; ticket: LogTicket; atMs: number }> = [];
  for (const ticket of tickets) {
    list.push({ kind: 'issued', ticket, atMs: ticket.issuedMs });
    if (ticket.calledMs !== null) list.push({ kind: 'called', ticket, atMs: ticket.calledMs });
    if (ticket.calledMs !== null && ticket.doneMs !== null) list.push({ kind: 'done', ticket, atMs: ticket.doneMs });
    if (ticket.leftMs !== null && ticket.calledMs === null) list.push({ kind: 'left', ticket, atMs: ticket.leftMs });
  }
  // A stable sort keeps the file's order among events of the same time and kind.
  return list.sort((a, b) => a.atMs - b.atMs || ORDER[a.kind] - ORDER[b.kind]);
}

/** When each counter finishes its day: its last `doneAt` (the shift plan a branch would have). */
function lastDoneByCounterDay(tickets: readonly LogTicket[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const ticket of tickets) {
    if (!ticket.counter || ticket.calledMs === null) continue;
    const endMs = ticket.doneMs ?? ticket.calledMs;
    const key = counterDay(ticket.counter, ticket.calledMs);
    last.set(key, Math.max(last.get(key) ?? endMs, endMs));
  }
  return last;
}

const counterDay = (counter: string, atMs: number) => `${counter}|${Math.floor(atMs / DAY_MS)}`;

class QueueReplay {
  readonly scored: ReplayedTicket[] = [];
  readonly #services = new Map<string, Service>();
  readonly #counters = new Map<string, CounterInfo>();
  /** Waiting tickets, in issue order, as the queue service stores them. */
  readonly #waiting = new Map<string, Ticket>();
  /** Counter → the ticket it has called or is serving. */
  readonly #serving = new Map<string, LogTicket>();

  readonly #baselines = new WaitBaselines();

  constructor(
    private readonly predictor: WaitPredictor,
    private readonly lastDone: ReadonlyMap<string, number>,
  ) {}

  issued(ticket: LogTicket, atMs: number): void {
    this.#service(ticket.serviceId, atMs);
    const row = ticketRow(ticket);
    this.#waiting.set(ticket.id, row);
    const snapshot = this.#snapshot(atMs);
    const prediction = snapshot.promiseFor(row)!;
    this.scored.push({
      serviceId: ticket.serviceId,
      ...prediction,
      ahead: snapshot.position(row)! - 1,
      counters: snapshot.effectiveCounters(ticket.serviceId),
      baselines: this.#baselines.issued(ticket, atMs),
      waitedS: ticket.calledMs === null ? null : (ticket.calledMs - ticket.issuedMs) / 1000,
      leftAfterS: ticket.leftMs === null ? null : (ticket.leftMs - ticket.issuedMs) / 1000,
    });
  }

  called(ticket: LogTicket, atMs: number): void {
    this.#waiting.delete(ticket.id);
    if (ticket.counter) {
      const counter = this.#counter(ticket.counter);
      counter.open = true;
      if (!counter.serviceIds.includes(ticket.serviceId)) counter.serviceIds.push(ticket.serviceId);
      this.#serving.set(ticket.counter, ticket);
    }
    this.predictor.observeWait(ticket.serviceId, (atMs - ticket.issuedMs) / 1000, atMs);
    this.#baselines.called(ticket, atMs);
  }

  done(ticket: LogTicket, atMs: number): void {
    this.predictor.observeService(ticket.serviceId, (atMs - ticket.calledMs!) / 1000, atMs);
    this.#baselines.done(ticket, atMs);
    if (!ticket.counter) return;
    if (this.#serving.get(ticket.counter) === ticket) this.#serving.delete(ticket.counter);
    if (this.lastDone.get(counterDay(ticket.counter, ticket.calledMs!)) === atMs) this.#counter(ticket.counter).open = false;
  }

  left(ticket: LogTicket, atMs: number): void {
    this.#waiting.delete(ticket.id);
    this.predictor.observeGiveUp(ticket.serviceId, (atMs - ticket.issuedMs) / 1000, atMs);
    this.#baselines.left(ticket);
  }

  #snapshot(nowMs: number): QueueSnapshot {
    return new QueueSnapshot({
      nowMs,
      policy: LOG_POLICY,
      services: [...this.#services.values()],
      counters: [...this.#counters.values()],
      waiting: [...this.#waiting.values()],
      busyCounterIds: new Set(this.#serving.keys()),
      cameraCount: () => null,
      predictor: this.predictor,
    });
  }

  #service(id: string, atMs: number): void {
    if (this.#services.has(id)) return;
    const at = new Date(atMs);
    this.#services.set(id, { branchId: 'replay', id, nameEn: id, nameZh: id, ticketPrefix: id, targetWaitS: 0, createdAt: at, updatedAt: at });
  }

  #counter(id: string): CounterInfo {
    let counter = this.#counters.get(id);
    if (!counter) this.#counters.set(id, (counter = { id, nameEn: id, nameZh: id, open: false, serviceIds: [], staffId: null }));
    return counter;
  }
}

/** A log row as the queue service stores a waiting ticket. */
function ticketRow(ticket: LogTicket): Ticket {
  const issuedAt = new Date(ticket.issuedMs);
  return {
    id: ticket.id, branchId: 'replay', serviceId: ticket.serviceId, day: issuedAt.toISOString().slice(0, 10), seq: 0, number: ticket.id, code: ticket.id,
    priority: ticket.priority === 2 ? 'vip' : 'normal', status: 'waiting', language: 'en', issuedAt, queuedAt: issuedAt,
    calledAt: null, startedAt: null, endedAt: null, counterId: null, recalls: 0, transferredFromId: null, appointmentId: null,
    predictedLowS: null, predictedS: null, predictedHighS: null,
  };
}
