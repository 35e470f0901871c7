/**
 * Applies prisma/migrations to a SQLite file at start-up, recording them in Prisma's own
 * `_prisma_migrations` table, so `prisma migrate deploy`/`status` agree with what ran here.
 * Runs without the Prisma CLI, in milliseconds, in every process that opens the database.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations');

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

function listMigrations(dir: string): { name: string; sql: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') }));
}

export function applyMigrations(dbFile: string, dir = MIGRATIONS_DIR): MigrationResult {
  const db = new Database(dbFile);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(MIGRATIONS_TABLE);
    const done = db
      .prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL')
      .all() as { migration_name: string; checksum: string; finished_at: string | null }[];
    const byName = new Map(done.map((row) => [row.migration_name, row]));
    const applied: string[] = [];
    for (const migration of listMigrations(dir)) {
      const checksum = createHash('sha256').update(migration.sql).digest('hex');
      const previous = byName.get(migration.name);
      if (previous?.finished_at) {
        if (previous.checksum !== checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      if (previous) throw new Error(`migration ${migration.name} failed earlier; fix the database, then mark it rolled back`);
      db.transaction(() => {
        db.exec(migration.sql);
        db.prepare(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), checksum, migration.name, Date.now(), Date.now());
      })();
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: byName.size };
  } finally {
    db.close();
  }
}
