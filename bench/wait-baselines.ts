/**
 * The three classical wait predictors the replay scores beside ours, on the same events (issue 11):
 *
 * - **zero**: "you will be called at once";
 * - **LES** (last to enter service): the wait of the last ticket of the same service called that
 *   day; 0 before the first call of the day;
 * - **QL** (queue length): (tickets of the same service waiting + 1) × the mean of that service's last
 *   50 service times ÷ the counters that served it in the last hour; 0 when none is waiting and one
 *   of those counters is free. Before any service time of the service is known it says 0; with no
 *   counter in the last hour it divides by 1 (a counter has to open).
 *
 * Fed in the log's event order (done, issued, left, called at the same second), it knows at each
 * issue only what happened before, like the predictor. Days are the log's own calendar days.
 */
import type { LogTicket } from './wait-log.ts';

export interface BaselinePredictions {
  zero: number;
  les: number;
  ql: number;
}

const LAST_SERVICES = 50;
const COUNTER_WINDOW_MS = 3_600_000;
const DAY_MS = 86_400_000;

export class WaitBaselines {
  /** Waiting tickets per service. */
  readonly #waiting = new Map<string, Set<string>>();
  /** Per service and day, the wait of the ticket last called, seconds. */
  readonly #lastCalledWait = new Map<string, number>();
  /** Per service, its last service times, seconds. */
  readonly #serviceTimes = new Map<string, number[]>();
  /** Per counter, per service, when it last called or finished one of that service's tickets. */
  readonly #servedAt = new Map<string, Map<string, number>>();
  /** Per counter, the ticket it is serving (called, not done). */
  readonly #serving = new Map<string, LogTicket>();

  /** The three predictions for a ticket issued now; then it waits. */
  issued(ticket: LogTicket, atMs: number): BaselinePredictions {
    const line = this.#line(ticket.serviceId);
    const predictions = { zero: 0, les: this.#lastCalledWait.get(dayKey(ticket.serviceId, atMs)) ?? 0, ql: this.#ql(ticket.serviceId, line.size, atMs) };
    line.add(ticket.id);
    return predictions;
  }

  called(ticket: LogTicket, atMs: number): void {
    this.#line(ticket.serviceId).delete(ticket.id);
    this.#lastCalledWait.set(dayKey(ticket.serviceId, atMs), (atMs - ticket.issuedMs) / 1000);
    if (!ticket.counter) return;
    this.#serving.set(ticket.counter, ticket);
    this.#served(ticket.counter, ticket.serviceId, atMs);
  }

  done(ticket: LogTicket, atMs: number): void {
    const times = this.#serviceTimes.get(ticket.serviceId) ?? [];
    times.push((atMs - ticket.calledMs!) / 1000);
    if (times.length > LAST_SERVICES) times.shift();
    this.#serviceTimes.set(ticket.serviceId, times);
    if (!ticket.counter) return;
    if (this.#serving.get(ticket.counter) === ticket) this.#serving.delete(ticket.counter);
    this.#served(ticket.counter, ticket.serviceId, atMs);
  }

  left(ticket: LogTicket): void {
    this.#line(ticket.serviceId).delete(ticket.id);
  }

  #ql(serviceId: string, waiting: number, atMs: number): number {
    const times = this.#serviceTimes.get(serviceId);
    if (!times?.length) return 0;
    const counters = [...this.#servedAt].filter(([counter, services]) => {
      const last = services.get(serviceId);
      return (last !== undefined && atMs - last <= COUNTER_WINDOW_MS) || this.#serving.get(counter)?.serviceId === serviceId;
    }).map(([counter]) => counter);
    if (waiting === 0 && counters.some((counter) => !this.#serving.has(counter))) return 0;
    const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
    return ((waiting + 1) * mean) / Math.max(1, counters.length);
  }

  #served(counter: string, serviceId: string, atMs: number): void {
    const services = this.#servedAt.get(counter) ?? new Map<string, number>();
    services.set(serviceId, atMs);
    this.#servedAt.set(counter, services);
  }

  #line(serviceId: string): Set<string> {
    let line = this.#waiting.get(serviceId);
    if (!line) this.#waiting.set(serviceId, (line = new Set()));
    return line;
  }
}

function dayKey(serviceId: string, atMs: number): string {
  return `${serviceId}|${Math.floor(atMs / DAY_MS)}`;
}
