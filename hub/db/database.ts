/** Opens the hub's SQLite database through Prisma, after applying migrations. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { applyMigrations, type MigrationResult } from './migrate.ts';

export type Db = PrismaClient;

export interface DatabaseOptions {
  dataDir: string;
  /** `normal` survives a killed process; `full` also survives power loss, at a cost per commit. */
  synchronous: 'normal' | 'full';
}

export interface OpenDatabase {
  db: Db;
  file: string;
  migrations: MigrationResult;
}

export function databaseFile(dataDir: string): string {
  return path.resolve(dataDir, 'touchpoint.db');
}

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  mkdirSync(options.dataDir, { recursive: true });
  const file = databaseFile(options.dataDir);
  const migrations = applyMigrations(file);
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe(`PRAGMA synchronous = ${options.synchronous.toUpperCase()}`);
  await db.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
  await db.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  return { db, file, migrations };
}
