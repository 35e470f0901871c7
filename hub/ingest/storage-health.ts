/**
 * Whether the hub can commit what devices send. Ingest commits before it acknowledges, so a
 * database that refuses writes (disk full, file or file system read-only, I/O errors) costs no
 * event: the broker or the device keeps it and sends it again. This watch makes that state
 * visible — `/healthz` answers 503 with `problem()`, `/metrics` has `tp_ingest_storage_ok` and
 * `tp_ingest_commit_failures_total{code}`, and the log says when it began and when it ended —
 * and clears it by itself at the first commit that succeeds again.
 *
 *   const storage = new StorageHealth({ metrics, log });
 *   const submit = storage.watch((message) => ingest.submit(message));
 *
 * Alerts are rows in the same database, so none can be opened while it refuses writes.
 */
import { Counter, Gauge } from 'prom-client';
import type { Logger } from '../logger.ts';
import type { HubMetrics } from '../metrics.ts';

/** SQLite result codes that mean the database cannot take writes, not that one row is wrong. */
const STORAGE_CODES = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|BUSY|LOCKED|PERM|PROTOCOL)/;

interface Failing {
  code: string;
  message: string;
  since: number;
  lastAt: number;
  failures: number;
}

/** The SQLite code of an error from Prisma's driver adapter (or better-sqlite3 itself), if any. */
export function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** The database's own words: the last line of Prisma's message ("database or disk is full"). */
function shortMessage(error: unknown): string {
  const lines = String((error as Error | null)?.message ?? error).split('\n').map((line) => line.trim()).filter(Boolean);
  return (lines.at(-1) ?? 'unknown error').slice(0, 200);
}

export class StorageHealth {
  readonly #failures: Counter<'code'>;
  readonly #ok: Gauge;
  readonly #now: () => number;
  #failing: Failing | null = null;

  constructor(private readonly deps: { metrics: Pick<HubMetrics, 'registry'>; log: Logger; now?: () => number }) {
    this.#now = deps.now ?? Date.now;
    const registry = deps.metrics.registry;
    const registers = [registry];
    // One per hub's registry (a second watch on it shares them).
    this.#failures = (registry.getSingleMetric('tp_ingest_commit_failures_total') as Counter<'code'> | undefined) ?? new Counter({
      name: 'tp_ingest_commit_failures_total',
      help: 'Messages the hub could not commit because the database refused the write (not acknowledged: the sender keeps them), by SQLite code',
      labelNames: ['code'] as const,
      registers,
    });
    this.#ok = (registry.getSingleMetric('tp_ingest_storage_ok') as Gauge | undefined) ?? new Gauge({ name: 'tp_ingest_storage_ok', help: '1 while ingest commits, 0 since a commit failed for lack of storage until one succeeds again', registers });
    this.#ok.set(1);
  }

  /** Wraps a commit: its outcome tells whether storage works; its result or error passes through. */
  watch<A extends unknown[], R>(commit: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      let result: R;
      try {
        result = await commit(...args);
      } catch (error) {
        this.failed(error);
        throw error;
      }
      this.committed();
      return result;
    };
  }

  /** A commit succeeded: storage works (again). */
  committed(): void {
    const failing = this.#failing;
    if (!failing) return;
    this.#failing = null;
    this.#ok.set(1);
    this.deps.log.warn({ code: failing.code, failures: failing.failures, forMs: this.#now() - failing.since }, 'storage works again: commits succeed');
  }

  /** A commit failed; returns whether it was for lack of storage (else one bad row, not counted). */
  failed(error: unknown): boolean {
    const code = sqliteCode(error);
    if (!code || !STORAGE_CODES.test(code)) return false;
    this.#failures.inc({ code });
    const now = this.#now();
    if (this.#failing) {
      Object.assign(this.#failing, { code, message: shortMessage(error), lastAt: now, failures: this.#failing.failures + 1 });
      return true;
    }
    this.#failing = { code, message: shortMessage(error), since: now, lastAt: now, failures: 1 };
    this.#ok.set(0);
    this.deps.log.error({ code, err: shortMessage(error) }, 'storage refuses writes: events are not acknowledged and stay with their senders until it works again');
    return true;
  }

  /** What /healthz reports while commits fail; null when they work. */
  problem(): string | null {
    const failing = this.#failing;
    if (!failing) return null;
    return `database: cannot commit events (${failing.code}: ${failing.message}) since ${new Date(failing.since).toISOString()}, ` +
      `${failing.failures} failed, the last at ${new Date(failing.lastAt).toISOString()}; they are not acknowledged and are sent again once it works`;
  }
}
