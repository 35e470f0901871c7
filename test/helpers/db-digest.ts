/**
 * A cheap fingerprint of a hub's SQLite database: every table's rows, hashed, read through a
 * second, read-only connection (WAL lets it read while the hub writes). Two digests that differ
 * name the tables that changed.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { databaseFile } from '../../hub/db/database.ts';

export type Digest = Map<string, string>;

export function openDigest(dataDir: string): { digest(except?: readonly string[]): Digest; changed(before: Digest, after: Digest): string[]; close(): void } {
  const db = new Database(databaseFile(dataDir), { readonly: true, fileMustExist: true });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'").all() as { name: string }[]).map((row) => row.name);
  const reads = new Map(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}"`)]));
  return {
    digest(except = []) {
      const digest: Digest = new Map();
      for (const [table, read] of reads) {
        if (except.includes(table)) continue;
        const hash = createHash('sha256');
        for (const row of read.iterate()) hash.update(JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : Buffer.isBuffer(value) ? value.toString('base64') : value)));
        digest.set(table, hash.digest('base64'));
      }
      return digest;
    },
    changed(before, after) {
      return [...after.keys()].filter((table) => before.get(table) !== after.get(table));
    },
    close: () => db.close(),
  };
}
