/**
 * The end of the soak: what the hub acknowledged, looked up in its database by id (read-only,
 * beside the running hub; SQLite's WAL lets a reader in). An event, ticket or feedback answer
 * acknowledged and not stored is lost; a row nobody sent, or an id stored twice, is a duplicate.
 */
import Database from 'better-sqlite3';

export interface RecordCheck {
  sent: number;
  stored: number;
  lost: number;
  /** Rows the bench did not send (or ids stored more than once). */
  duplicates: number;
}

export interface DatabaseCheck {
  events: RecordCheck & { willsStored: number };
  tickets: RecordCheck;
  feedback: RecordCheck;
  deadLetters: number;
  /** Ticket rows by status at the end. */
  ticketStatus: Record<string, number>;
  alerts: number;
  dispatches: number;
}

function open(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

function compare(rows: string[], sent: ReadonlySet<string>, ignore: ReadonlySet<string> = new Set()): RecordCheck & { ignored: number } {
  const seen = new Set<string>();
  let stored = 0;
  let duplicates = 0;
  let ignored = 0;
  for (const id of rows) {
    if (ignore.has(id)) ignored++;
    else if (!sent.has(id) || seen.has(id)) duplicates++;
    else stored++;
    seen.add(id);
  }
  return { sent: sent.size, stored, lost: sent.size - stored, duplicates, ignored };
}

/** Waits until every acknowledged event is in the Event table (behind Mosquitto the hub may still be catching up), or nothing moved for `stallMs`. */
export async function waitForStored(file: string, acked: ReadonlySet<string>, stallMs: number): Promise<void> {
  const db = open(file);
  try {
    const count = () => (db.prepare(`SELECT COUNT(*) AS n FROM "Event" WHERE "sourceKind" = 'edge'`).get() as { n: number }).n;
    let last = count();
    let lastMove = performance.now();
    while (last < acked.size && performance.now() - lastMove < stallMs) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = count();
      if (now !== last) (last = now), (lastMove = performance.now());
    }
  } finally {
    db.close();
  }
}

export function checkDatabase(file: string, sent: { events: ReadonlySet<string>; wills: ReadonlySet<string>; tickets: ReadonlySet<string>; feedback: ReadonlySet<string> }): DatabaseCheck {
  const db = open(file);
  try {
    const ids = (sql: string) => (db.prepare(sql).all() as { id: string }[]).map((row) => row.id);
    const { ignored: willsStored, ...events } = compare(ids(`SELECT "id" FROM "Event" WHERE "sourceKind" = 'edge'`), sent.events, sent.wills);
    const { ignored: _t, ...tickets } = compare(ids('SELECT "id" FROM "Ticket"'), sent.tickets);
    const { ignored: _f, ...feedback } = compare(ids('SELECT "id" FROM "Feedback"'), sent.feedback);
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    const ticketStatus = Object.fromEntries((db.prepare('SELECT "status", COUNT(*) AS n FROM "Ticket" GROUP BY "status"').all() as { status: string; n: number }[]).map((row) => [row.status, row.n]));
    return { events: { ...events, willsStored }, tickets, feedback, deadLetters: count('DeadLetter'), ticketStatus, alerts: count('Alert'), dispatches: count('Dispatch') };
  } finally {
    db.close();
  }
}
