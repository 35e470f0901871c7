/**
 * The edge's durable outbox: events (JSON payloads of counts, zones, scores and durations — never
 * frames) wait here, in order, until the broker has acknowledged them. One SQLite file in the
 * node's data dir; it survives a crash, a power cut and a broker outage, and is bounded: when full,
 * the oldest low-value events go first (a queue observation is superseded by the next one), and
 * every drop is counted by event kind, on disk, so the node can report it.
 *
 * Durability: WAL with `synchronous=FULL` for appends (default), so an event `append` returned for
 * is on disk even if the power goes a moment later — an edge box in a branch has no UPS, and events
 * come at a few per second, so one WAL fsync per event is cheap (≈0.4 ms measured here). Removes run
 * with `synchronous=NORMAL`: losing one to a power cut only means the event is sent again, which the
 * hub drops by its id. `NORMAL` for appends too is an option for slow flash (SD cards).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parseTopic, type EventKind } from '../../protocol/topics.ts';

/** Lower is dropped first. Queue observations are superseded by newer ones; distress and kiosk sessions are not. */
export const DROP_PRIORITY: Readonly<Record<EventKind, number>> = { queue: 0, status: 0, summary: 1, distress: 2, kiosk: 2 };

export interface OutboxOptions {
  /** Directory of `outbox.db` (the edge's data dir); created when missing. */
  dir: string;
  /** At most this many events are kept (default 100 000, about 18 h of a busy node). */
  maxEvents?: number;
  /** At most this many payload bytes are kept (default 64 MiB). */
  maxBytes?: number;
  /** `FULL` (default): an appended event survives a power cut. `NORMAL`: it survives a crash. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Overrides of {@link DROP_PRIORITY}. */
  dropPriority?: Partial<Record<EventKind, number>>;
}

export interface OutboxEntry {
  seq: number;
  topic: string;
  kind: EventKind;
  payload: string;
  /** ms since the epoch */
  createdAt: number;
}

export interface DroppedEntry {
  /** null when the event being appended was itself the one dropped */
  seq: number | null;
  kind: EventKind;
}

export interface AppendResult {
  /** The new entry's sequence number; null when the outbox was full of more valuable events. */
  seq: number | null;
  /** What was dropped to stay within the bounds (empty normally). */
  dropped: DroppedEntry[];
}

export interface DropCounts {
  total: number;
  byKind: Partial<Record<EventKind, number>>;
}

const SCHEMA_VERSION = 1;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    topic TEXT NOT NULL,
    kind TEXT NOT NULL,
    priority INTEGER NOT NULL,
    payload TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    createdAt INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS outbox_drop_order ON outbox (priority, seq);
  CREATE TABLE IF NOT EXISTS dropped (kind TEXT PRIMARY KEY, count INTEGER NOT NULL);
`;

export class Outbox {
  readonly file: string;
  #db: Database.Database;
  #maxEvents: number;
  #maxBytes: number;
  #appendSync: 'FULL' | 'NORMAL';
  #currentSync: 'FULL' | 'NORMAL' | null = null;
  #priority: Record<EventKind, number>;
  #count: number;
  #bytes: number;
  #dropped: DropCounts;
  #statements: ReturnType<typeof prepareStatements>;

  /** Opens (or creates) the outbox; the file is locked to this process until `close()`. */
  static open(options: OutboxOptions): Outbox {
    return new Outbox(options);
  }

  private constructor(options: OutboxOptions) {
    this.#maxEvents = options.maxEvents ?? 100_000;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    if (!(Number.isInteger(this.#maxEvents) && this.#maxEvents >= 1)) throw new Error(`outbox maxEvents must be a positive integer, not ${this.#maxEvents}`);
    if (!(this.#maxBytes >= 1)) throw new Error(`outbox maxBytes must be positive, not ${this.#maxBytes}`);
    this.#appendSync = options.synchronous ?? 'FULL';
    this.#priority = { ...DROP_PRIORITY, ...options.dropPriority };

    mkdirSync(options.dir, { recursive: true });
    this.file = path.join(options.dir, 'outbox.db');
    this.#db = new Database(this.file, { timeout: 0 });
    try {
      // Exclusive: a second process on the same outbox would send every event twice.
      this.#db.pragma('locking_mode = EXCLUSIVE');
      this.#db.pragma('journal_mode = WAL');
      this.#db.exec('BEGIN IMMEDIATE; COMMIT');
    } catch (error) {
      this.#db.close();
      const busy = (error as { code?: string }).code?.startsWith('SQLITE_BUSY');
      throw new Error(busy ? `outbox ${this.file} is in use by another process` : `cannot open outbox ${this.file}: ${(error as Error).message}`);
    }
    const version = this.#db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      this.#db.close();
      throw new Error(`outbox ${this.file} has schema version ${version}; this build knows ${SCHEMA_VERSION}`);
    }
    this.#db.exec(SCHEMA);
    this.#db.pragma(`user_version = ${SCHEMA_VERSION}`);

    const db = this.#db;
    this.#statements = prepareStatements(db);
    const totals = db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS bytes FROM outbox').get() as { n: number; bytes: number };
    this.#count = totals.n;
    this.#bytes = totals.bytes;
    const drops = db.prepare('SELECT kind, count FROM dropped').all() as { kind: EventKind; count: number }[];
    this.#dropped = { total: drops.reduce((sum, row) => sum + row.count, 0), byKind: Object.fromEntries(drops.map((row) => [row.kind, row.count])) };
  }

  /**
   * Adds an event at the end, durably, after making room if the outbox is full: the oldest entry of
   * the lowest drop priority goes first; a new event less valuable than everything queued is itself dropped.
   */
  append(topic: string, payload: string, now = Date.now()): AppendResult {
    const parsed = parseTopic(topic);
    if (!parsed.ok) throw new Error(`outbox: ${parsed.error}`);
    const kind = parsed.parts.eventKind;
    const priority = this.#priority[kind];
    const bytes = Buffer.byteLength(payload);
    if (bytes > this.#maxBytes) throw new Error(`outbox: a ${bytes}-byte payload can never fit in ${this.#maxBytes} bytes`);

    this.#sync(this.#appendSync);
    // Counters change only once the transaction has committed.
    let count = this.#count;
    let total = this.#bytes;
    const result = this.#db.transaction((): AppendResult => {
      const victims = this.#victimsFor(count, total, bytes, priority);
      if (victims === null) {
        // Everything queued is worth more than this event: it is the one dropped.
        this.#statements.countDrop.run(kind, 1);
        return { seq: null, dropped: [{ seq: null, kind }] };
      }
      for (const victim of victims) {
        this.#statements.remove.get(victim.seq);
        this.#statements.countDrop.run(victim.kind, 1);
        count -= 1;
        total -= victim.bytes;
      }
      const { lastInsertRowid } = this.#statements.insert.run(topic, kind, priority, payload, bytes, now);
      count += 1;
      total += bytes;
      return { seq: Number(lastInsertRowid), dropped: victims.map(({ seq, kind: victimKind }) => ({ seq, kind: victimKind })) };
    }).immediate();
    this.#count = count;
    this.#bytes = total;
    for (const { kind: droppedKind } of result.dropped) {
      this.#dropped.total += 1;
      this.#dropped.byKind[droppedKind] = (this.#dropped.byKind[droppedKind] ?? 0) + 1;
    }
    return result;
  }

  /** Up to `limit` entries after `afterSeq`, oldest first. */
  peek(limit: number, afterSeq = 0): OutboxEntry[] {
    if (limit <= 0) return [];
    return this.#statements.peek.all(afterSeq, limit) as OutboxEntry[];
  }

  /** Forgets entries (after their PUBACK); unknown sequence numbers are ignored. Returns how many went. */
  remove(seqs: readonly number[]): number {
    if (seqs.length === 0) return 0;
    this.#sync('NORMAL');
    const removed = this.#db.transaction(() => {
      let rows = 0;
      let bytes = 0;
      for (const seq of seqs) {
        const row = this.#statements.remove.get(seq) as { bytes: number } | undefined;
        if (!row) continue;
        rows += 1;
        bytes += row.bytes;
      }
      return { rows, bytes };
    }).immediate();
    this.#count -= removed.rows;
    this.#bytes -= removed.bytes;
    return removed.rows;
  }

  size(): number {
    return this.#count;
  }

  bytes(): number {
    return this.#bytes;
  }

  /** Everything dropped since the outbox was created (kept across restarts). */
  dropped(): DropCounts {
    return { total: this.#dropped.total, byKind: { ...this.#dropped.byKind } };
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /** The entries to drop so one more of `bytes` fits: oldest of the lowest priority first, never above `priority`; null if they cannot make room. */
  #victimsFor(count: number, total: number, bytes: number, priority: number): { seq: number; kind: EventKind; bytes: number }[] | null {
    const victims: { seq: number; kind: EventKind; bytes: number }[] = [];
    if (count + 1 <= this.#maxEvents && total + bytes <= this.#maxBytes) return victims;
    for (const row of this.#statements.victims.iterate(priority) as Iterable<{ seq: number; kind: EventKind; bytes: number }>) {
      victims.push(row);
      count -= 1;
      total -= row.bytes;
      if (count + 1 <= this.#maxEvents && total + bytes <= this.#maxBytes) return victims;
    }
    return null;
  }

  #sync(level: 'FULL' | 'NORMAL'): void {
    if (this.#currentSync === level) return;
    this.#db.pragma(`synchronous = ${level}`);
    this.#currentSync = level;
  }
}

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare<[string, string, number, string, number, number]>('INSERT INTO outbox (topic, kind, priority, payload, bytes, createdAt) VALUES (?, ?, ?, ?, ?, ?)'),
    peek: db.prepare<[number, number]>('SELECT seq, topic, kind, payload, createdAt FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?'),
    remove: db.prepare<[number]>('DELETE FROM outbox WHERE seq = ? RETURNING bytes'),
    victims: db.prepare<[number]>('SELECT seq, kind, bytes FROM outbox WHERE priority <= ? ORDER BY priority, seq'),
    countDrop: db.prepare<[string, number]>('INSERT INTO dropped (kind, count) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET count = count + excluded.count'),
  };
}
