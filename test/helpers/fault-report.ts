/**
 * One line per fault test, so the counts in docs/reliability.md come from a run:
 *
 *   FAULT {"fault":"hub-sigkill-embedded","sent":3000,"acknowledged":3000,"stored":3000,"duplicates":0,"lost":0,...}
 *
 * `sent`: distinct events the devices published; `acknowledged`: distinct events they got a PUBACK
 * for; `stored`: distinct events in the hub's log; `duplicates`: rows stored more than once (the
 * hub keeps each id once, so a redelivery must not add one); `lost`: acknowledged (or, at the end,
 * sent) but not stored. Anything else the test measured goes in `extra`. With TP_FAULT_REPORT=FILE
 * the lines are also appended to FILE.
 */
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';

export interface FaultCounts {
  sent: number;
  acknowledged: number;
  stored: number;
  duplicates: number;
  lost: number;
}

export function reportFault(fault: string, counts: FaultCounts, extra: Record<string, unknown> = {}): void {
  const line = `FAULT ${JSON.stringify({ fault, ...counts, ...extra })}`;
  console.log(line);
  const file = process.env.TP_FAULT_REPORT;
  if (file) appendFileSync(file, `${line}\n`);
}

/** Every event sent was acknowledged and stored once: nothing lost, nothing twice. */
export function expectNothingLost(counts: FaultCounts): void {
  expect(counts).toEqual({ sent: counts.sent, acknowledged: counts.sent, stored: counts.sent, duplicates: 0, lost: 0 });
}

/** Ids stored more than once in a list of stored ids (rows − distinct). */
export function duplicatesIn(ids: readonly string[]): number {
  return ids.length - new Set(ids).size;
}

/** The ids of the events still waiting in a stopped edge node's outbox (not acknowledged). */
export function outboxIds(dataDir: string): string[] {
  const file = path.join(dataDir, 'outbox.db');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT payload FROM outbox ORDER BY seq').pluck().all() as string[]).map((payload) => (JSON.parse(payload) as { id: string }).id);
  } finally {
    db.close();
  }
}
