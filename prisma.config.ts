/** Prisma CLI configuration: the JS engine over better-sqlite3, no native engine downloads. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

const dataDir = process.env.DATA_DIR ?? './data';
// The CLI opens the database through the adapter even for commands that only read the schema.
mkdirSync(dataDir, { recursive: true });

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  adapter: async () => new PrismaBetterSQLite3({ url: `file:${path.resolve(dataDir, 'touchpoint.db')}` }),
});
