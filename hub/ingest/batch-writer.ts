/**
 * Group commit for the experience log. Messages that arrive while a transaction is running wait
 * for the next one, so a quiet hub commits each event at once and a burst is written in large
 * batches. Each caller's promise settles only after its row is committed (or the commit failed),
 * which is when the broker may acknowledge the publisher.
 */
import type { Db } from '../db/database.ts';

export interface EventRow {
  id: string;
  branchId: string;
  sourceKind: string;
  sourceId: string;
  type: string;
  zoneId: string | null;
  time: Date;
  receivedAt: Date;
  data: string;
}

export interface DeadLetterRow {
  receivedAt: Date;
  topic: string;
  reason: string;
  detail: string;
  eventId: string | null;
  clientId: string | null;
  payloadBytes: number;
  payload: string;
  payloadBase64: boolean;
}

export type WriteOutcome = 'stored' | 'duplicate' | 'dead-lettered';

type Pending =
  | { kind: 'event'; row: EventRow; settle: Settle }
  | { kind: 'dead'; row: DeadLetterRow; settle: Settle };
interface Settle {
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

/** SQLite's text form of a Prisma DateTime, so raw inserts compare equal to Prisma's own. */
export function sqliteTime(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

const EVENT_COLUMNS = '"id","branchId","sourceKind","sourceId","type","zoneId","time","receivedAt","data"';
const DEAD_COLUMNS = '"receivedAt","topic","reason","detail","eventId","clientId","payloadBytes","payload","payloadBase64"';

export class BatchWriter {
  #queue: Pending[] = [];
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly onBatch: (batch: { stored: EventRow[]; deadLetters: DeadLetterRow[]; size: number }) => void,
    private readonly maxBatch = 500,
  ) {}

  writeEvent(row: EventRow): Promise<WriteOutcome> {
    return this.#enqueue((settle) => ({ kind: 'event', row, settle }));
  }

  writeDeadLetter(row: DeadLetterRow): Promise<WriteOutcome> {
    return this.#enqueue((settle) => ({ kind: 'dead', row, settle }));
  }

  /** Resolves when everything queued so far is committed. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  #enqueue(make: (settle: Settle) => Pending): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push(make({ resolve, reject }));
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#flushing) return;
    // Wait one macrotask so that everything parsed from the same socket read joins the batch.
    this.#flushing = new Promise<void>((done) => setImmediate(done))
      .then(() => this.#flush())
      .finally(() => {
        this.#flushing = null;
        if (this.#queue.length > 0) this.#schedule();
      });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.maxBatch);
      try {
        await this.#commit(batch);
      } catch (error) {
        if (batch.length === 1) batch[0]!.settle.reject(error);
        // One row the database refuses must not sink the rest of its batch: each goes alone.
        else for (const item of batch) await this.#commit([item]).catch((itemError: unknown) => item.settle.reject(itemError));
      }
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    const firstById = new Map<string, EventRow>();
    const deadLetters: DeadLetterRow[] = [];
    for (const item of batch) {
      if (item.kind === 'dead') deadLetters.push(item.row);
      else if (!firstById.has(item.row.id)) firstById.set(item.row.id, item.row);
    }
    const eventRows = [...firstById.values()];
    const queries = [];
    if (eventRows.length > 0) {
      queries.push(
        this.db.$queryRawUnsafe<{ id: string }[]>(
          `INSERT INTO "Event" (${EVENT_COLUMNS}) VALUES ${eventRows.map(() => '(?,?,?,?,?,?,?,?,?)').join(',')}
           ON CONFLICT("id") DO NOTHING RETURNING "id"`,
          ...eventRows.flatMap((r) => [r.id, r.branchId, r.sourceKind, r.sourceId, r.type, r.zoneId, sqliteTime(r.time), sqliteTime(r.receivedAt), r.data]),
        ),
      );
    }
    if (deadLetters.length > 0) {
      queries.push(
        this.db.$executeRawUnsafe(
          `INSERT INTO "DeadLetter" (${DEAD_COLUMNS}) VALUES ${deadLetters.map(() => '(?,?,?,?,?,?,?,?,?)').join(',')}`,
          ...deadLetters.flatMap((r) => [sqliteTime(r.receivedAt), r.topic, r.reason, r.detail, r.eventId, r.clientId, r.payloadBytes, r.payload, r.payloadBase64 ? 1 : 0]),
        ),
      );
    }
    const results = await this.db.$transaction(queries);
    const inserted = new Set(eventRows.length > 0 ? (results[0] as { id: string }[]).map((r) => r.id) : []);
    const stored = eventRows.filter((row) => inserted.has(row.id));
    this.onBatch({ stored, deadLetters, size: batch.length });
    for (const item of batch) {
      if (item.kind === 'dead') item.settle.resolve('dead-lettered');
      // The first message with a new id is the one stored; any later copy is a duplicate.
      else item.settle.resolve(inserted.delete(item.row.id) ? 'stored' : 'duplicate');
    }
  }
}
