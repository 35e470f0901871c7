/**
 * Runs async tasks one at a time, in order. The queue serialises every change through one of
 * these so two counters can never be handed the same ticket and two bookings never overfill a slot.
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    // A failed task fails its caller only; the next task still runs.
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has finished. */
  async idle(): Promise<void> {
    await this.#tail;
  }
}
