/**
 * Answers a retried request with the first one's result. A kiosk that loses the reply to
 * "take a ticket" retries with the same Idempotency-Key, and the customer gets the ticket that
 * was issued rather than a second one. Results are kept for `ttlMs`; a request that failed may
 * be tried again.
 */

const MAX_ENTRIES = 10_000;

interface Entry {
  expiresAt: number;
  result: Promise<unknown>;
}

export class IdempotentRequests {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  /**
   * Runs `task` once per `key` within the time to live (concurrent retries share the first
   * run); without a key it simply runs. `key` should include what the request asked for, so a
   * reused key with a different request is a new request.
   */
  run<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
    if (!key) return task();
    const now = this.now();
    this.#prune(now);
    const known = this.#entries.get(key);
    if (known && known.expiresAt > now) return known.result as Promise<T>;
    const result = task();
    this.#entries.set(key, { expiresAt: now + this.ttlMs, result });
    result.catch(() => {
      if (this.#entries.get(key)?.result === result) this.#entries.delete(key);
    });
    return result;
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#entries) {
      // Map order is insertion order, so expired entries come first.
      if (entry.expiresAt > now && this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
  }
}
