/**
 * `npm run db:migration -- NAME`: writes prisma/migrations/<timestamp>_NAME/migration.sql with the
 * SQL that takes the committed schema (git HEAD) to the edited prisma/schema.prisma.
 * (Prisma's own `migrate dev` needs a shadow database that the JS engine cannot open here.)
 * The test `migrations.test.ts` fails when the migrations and the schema disagree.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MIGRATIONS_DIR } from './migrate.ts';

const SCHEMA = path.resolve(import.meta.dirname, '../../prisma/schema.prisma');

export function prismaCli(args: string[], env: Record<string, string> = {}): string {
  const node = process.execPath;
  return execFileSync('npx', ['prisma', ...args], {
    encoding: 'utf8',
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: node, PRISMA_QUERY_ENGINE_LIBRARY: node, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function main(): void {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    process.stderr.write('usage: npm run db:migration -- NAME   (lower-case letters, digits, underscores)\n');
    process.exit(2);
  }
  const previous = path.join(mkdtempSync(path.join(tmpdir(), 'tp-schema-')), 'schema.prisma');
  writeFileSync(previous, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { encoding: 'utf8' }));
  const sql = prismaCli(['migrate', 'diff', '--from-schema-datamodel', previous, '--to-schema-datamodel', SCHEMA, '--script']);
  if (!/\b(CREATE|ALTER|DROP|INSERT)\b/.test(sql)) {
    process.stdout.write('schema.prisma has no changes since HEAD; no migration written\n');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  process.stdout.write(`wrote ${path.relative(process.cwd(), dir)}/migration.sql; it applies on the next start\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
