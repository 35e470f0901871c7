/**
 * Timers for the soak's actors: something done every ~N seconds (±20 %, on an absolute schedule
 * so it does not drift), or at Poisson times; all stopped at once. A task that throws is counted,
 * not fatal: the other actors go on.
 */
import type { SeededRandom } from '../hub/queue/simulate-random.ts';

export class Scheduler {
  #timers = new Set<NodeJS.Timeout>();
  #running = true;
  #inFlight = new Set<Promise<unknown>>();
  failures = 0;
  firstFailure: string | null = null;

  constructor(private readonly random: SeededRandom) {}

  /** Runs `task` about every `everyS` seconds (uniform ±20 %), first after a random share of one interval. */
  every(everyS: number, task: () => unknown): void {
    let due = performance.now() + this.random.next() * everyS * 1000;
    const step = () => {
      this.#run(task);
      due += everyS * 1000 * (0.8 + 0.4 * this.random.next());
      this.#at(due, step);
    };
    this.#at(due, step);
  }

  /** Runs `task` at the times of a Poisson process of `perS` events per second. */
  poisson(perS: number, task: () => unknown): void {
    if (!(perS > 0)) return;
    let due = performance.now() + this.random.exponential(1000 / perS);
    const step = () => {
      this.#run(task);
      due += this.random.exponential(1000 / perS);
      this.#at(due, step);
    };
    this.#at(due, step);
  }

  /** Runs `task` once after `ms`. */
  after(ms: number, task: () => unknown): void {
    this.#at(performance.now() + ms, () => this.#run(task));
  }

  get running(): boolean {
    return this.#running;
  }

  /** No new runs; resolves when the runs in progress have finished. */
  async stop(): Promise<void> {
    this.#running = false;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#inFlight]);
  }

  #at(dueMs: number, fn: () => void): void {
    if (!this.#running) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#running) fn();
    }, Math.max(0, dueMs - performance.now()));
    this.#timers.add(timer);
  }

  #run(task: () => unknown): void {
    try {
      const result = task();
      if (result instanceof Promise) {
        const tracked = result.catch((error: unknown) => this.#fail(error)).finally(() => this.#inFlight.delete(tracked));
        this.#inFlight.add(tracked);
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    this.failures++;
    this.firstFailure ??= (error as Error).message ?? String(error);
  }
}
