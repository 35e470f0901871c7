import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { applyMigrations } from './migrate.ts';
import { prismaCli } from './new-migration.ts';

const dir = tempDir();
afterAll(() => dir.remove());

/** Tables, columns and indexes of a SQLite file, in a form two databases can be compared by. */
function shape(file: string) {
  const db = new Database(file, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name").all() as { name: string }[];
  const result = Object.fromEntries(tables.map(({ name }) => [name, {
    // By name, not position: ALTER TABLE ADD COLUMN appends where a fresh CREATE TABLE would not.
    columns: (db.prepare(`PRAGMA table_info("${name}")`).all() as { cid?: number; name: string }[])
      .map(({ cid: _cid, ...column }) => column)
      .sort((a, b) => a.name.localeCompare(b.name)),
    indexes: (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
      .map((index) => ({ unique: index.unique, columns: (db.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[]).map((c) => c.name) }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    foreignKeys: db.prepare(`PRAGMA foreign_key_list("${name}")`).all(),
  }]));
  db.close();
  return result;
}

describe('migrations', () => {
  it('build exactly the database that prisma/schema.prisma describes', () => {
    const migrated = path.join(dir.path, 'migrated.db');
    expect(applyMigrations(migrated).applied.length).toBeGreaterThan(0);
    const expected = new Database(path.join(dir.path, 'expected.db'));
    expected.exec(prismaCli(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], { DATA_DIR: dir.path }));
    expected.close();
    expect(shape(migrated)).toEqual(shape(path.join(dir.path, 'expected.db')));
  }, 60_000);

  it('apply once: a second start applies nothing and keeps the data', () => {
    const file = path.join(dir.path, 'twice.db');
    applyMigrations(file);
    new Database(file).prepare(`INSERT INTO "AuditLog" (actor, action) VALUES ('test', 'kept')`).run();
    expect(applyMigrations(file).applied).toEqual([]);
    expect(new Database(file).prepare('SELECT action FROM "AuditLog"').get()).toEqual({ action: 'kept' });
  });

  it('refuse a migration that was edited after it was applied', () => {
    const file = path.join(dir.path, 'edited.db');
    applyMigrations(file);
    new Database(file).prepare(`UPDATE "_prisma_migrations" SET checksum = 'changed'`).run();
    expect(() => applyMigrations(file)).toThrow(/was changed after it was applied/);
  });
});
