import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { BatchWriter, type EventRow } from './batch-writer.ts';

const dir = tempDir();
let db: Db;

beforeAll(async () => {
  ({ db } = await openDatabase({ dataDir: dir.path, synchronous: 'normal' }));
});
afterAll(async () => {
  await db.$disconnect();
  dir.remove();
});

const row = (id: string): EventRow => ({
  id, branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-1', type: 'tp.queue.observed', zoneId: 'lobby', time: new Date(), receivedAt: new Date(), data: '{}',
});

describe('BatchWriter', () => {
  it('commits the rest of a batch when the database refuses one row, and rejects only that one', async () => {
    // A lone surrogate cannot be sent to SQLite: Prisma refuses the whole statement it is in.
    const writer = new BatchWriter(db, () => {});
    const outcomes = await Promise.allSettled(['ok-1', 'poison-\ud800', 'ok-2', 'ok-1'].map((id) => writer.writeEvent(row(id))));
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : 'rejected'))).toEqual(['stored', 'rejected', 'stored', 'duplicate']);
    expect((await db.event.findMany({ orderBy: { id: 'asc' } })).map((event) => event.id)).toEqual(['ok-1', 'ok-2']);
  });
});
