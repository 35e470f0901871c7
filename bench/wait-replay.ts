/**
 * Replays a real queue log through the wait predictor, event by event, as the hub would have
 * seen it: each ticket is predicted at its issue time from the state at that time only, the
 * predictor is fed each finished service and each called ticket's wait when they happen.
 *
 * The log has no counter schedule, so the state is rebuilt from what had happened by then:
 * - tickets ahead: the same service's waiting tickets the ticket would be served after. The log's
 *   priority customers (class 2) are moved about 1.5 min ahead, so a ticket's place is its issue
 *   time, 90 s earlier for class 2, and every waiting ticket placed before it is ahead;
 * - counters: the agents busy in the last `windowMin` minutes (serving, or done within the
 *   window), each counted for the service by the share of its tickets in the window that were for
 *   that service: the log's version of "a counter serving k services counts 1/k".
 */
import { WaitPredictor, type WaitPredictorOptions } from '../hub/queue/wait-predictor.ts';
import { WaitBaselines, type BaselinePredictions } from './wait-baselines.ts';
import type { LogTicket } from './wait-log.ts';
import type { ScoredTicket } from './wait-metrics.ts';

const PRIORITY_HEAD_START_MS = 90_000;

/** Same-second events apply in this order (the log's rule). */
const ORDER = { done: 0, issued: 1, left: 2, called: 3 } as const;
type Kind = keyof typeof ORDER;

/** A scored ticket with the state it was predicted from. */
export interface ReplayedTicket extends ScoredTicket {
  ahead: number;
  counters: number;
  /** The classical predictors' expected waits for the same ticket (wait-baselines.ts), seconds. */
  baselines: BaselinePredictions;
}

export function replayQueueLog(tickets: readonly LogTicket[], options: { windowMin: number; predictor?: Partial<WaitPredictorOptions> }): ReplayedTicket[] {
  const predictor = new WaitPredictor(options.predictor);
  const agents = new AgentWindow(options.windowMin * 60_000);
  const baselines = new WaitBaselines();
  const waiting = new Map<string, Set<LogTicket>>();
  const scored: ReplayedTicket[] = [];

  for (const { kind, ticket, atMs } of events(tickets)) {
    const line = waiting.get(ticket.serviceId) ?? new Set<LogTicket>();
    waiting.set(ticket.serviceId, line);
    switch (kind) {
      case 'issued': {
        const place = placeOf(ticket);
        let ahead = 0;
        for (const other of line) if (placeOf(other) < place) ahead++;
        const counters = agents.effectiveCounters(ticket.serviceId, atMs);
        const prediction = predictor.predictForNewTicket({ serviceId: ticket.serviceId, ahead, counters, cameraCount: null, nowMs: atMs });
        line.add(ticket);
        scored.push({
          serviceId: ticket.serviceId,
          ...prediction,
          ahead,
          counters,
          baselines: baselines.issued(ticket, atMs),
          waitedS: ticket.calledMs === null ? null : (ticket.calledMs - ticket.issuedMs) / 1000,
          leftAfterS: ticket.leftMs === null ? null : (ticket.leftMs - ticket.issuedMs) / 1000,
        });
        break;
      }
      case 'called':
        line.delete(ticket);
        predictor.observeWait(ticket.serviceId, (atMs - ticket.issuedMs) / 1000, atMs);
        agents.called(ticket);
        baselines.called(ticket, atMs);
        break;
      case 'done':
        predictor.observeService(ticket.serviceId, (atMs - ticket.calledMs!) / 1000, atMs);
        baselines.done(ticket, atMs);
        break;
      case 'left':
        line.delete(ticket);
        baselines.left(ticket);
        break;
    }
  }
  return scored;
}

function placeOf(ticket: LogTicket): number {
  return ticket.issuedMs - (ticket.priority === 2 ? PRIORITY_HEAD_START_MS : 0);
}

function events(tickets: readonly LogTicket[]): Array<{ kind: Kind; ticket: LogTicket; atMs: number }> {
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

/** Which agents were at work recently, and on which services. */
class AgentWindow {
  /** Per agent, its calls in call order (older ones are dropped as the window moves). */
  private readonly calls = new Map<string, LogTicket[]>();

  constructor(private readonly windowMs: number) {}

  called(ticket: LogTicket): void {
    if (!ticket.counter) return;
    const list = this.calls.get(ticket.counter) ?? [];
    list.push(ticket);
    this.calls.set(ticket.counter, list);
  }

  effectiveCounters(serviceId: string, nowMs: number): number {
    let counters = 0;
    for (const list of this.calls.values()) {
      // Known at `nowMs`: a service still in progress, or one that ended within the window.
      while (list.length > 0 && list[0]!.doneMs !== null && list[0]!.doneMs < nowMs - this.windowMs) list.shift();
      const recent = list.filter((t) => t.doneMs === null || t.doneMs >= nowMs - this.windowMs);
      if (recent.length === 0) continue;
      counters += recent.filter((t) => t.serviceId === serviceId).length / recent.length;
    }
    return counters;
  }
}
