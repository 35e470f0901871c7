/**
 * Runs an async task when asked, at most one at a time: asks that arrive while it runs coalesce
 * into exactly one more run, so a burst of changes costs two runs, and the last run always sees
 * the latest state. A failing run is reported to `onError` and never blocks the next.
 */
export class CoalescedRun {
  #running: Promise<void> | null = null;
  #again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Resolves when a run that started after this call has finished. */
  run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.task().catch(this.onError);
      } while (this.#again);
      this.#running = null;
    })();
    return this.#running;
  }

  /** Waits for the run in progress, if any. */
  async settled(): Promise<void> {
    await this.#running;
  }
}
