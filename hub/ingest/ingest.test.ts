import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEvent } from '../../protocol/envelope.ts';
import { buildTopic } from '../../protocol/topics.ts';
import { loadBranchConfig } from '../branch/branch-config.ts';
import { BranchDirectory } from '../branch/directory.ts';
import { seedBranch } from '../branch/seed.ts';
import { EventBus, type StoredEvent } from '../bus.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { HubMetrics } from '../metrics.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { IngestService, payloadHead } from './ingest.ts';

const log = createLogger('silent');
const dir = tempDir();
const source = { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-lobby-1' } as const;
const topic = buildTopic({ ...source, eventKind: 'queue' });
const queueEvent = (count = 3, id?: string) =>
  createEvent('tp.queue.observed', source, { zoneId: 'teller-line', count, waitEstimateS: 120, confidence: 0.9, windowS: 10 }, { id });
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

let db: Db;
let bus: EventBus;
let metrics: HubMetrics;
let ingest: IngestService;
let stored: StoredEvent[];

beforeAll(async () => {
  ({ db } = await openDatabase({ dataDir: dir.path, synchronous: 'normal' }));
  await seedBranch(db, loadBranchConfig(new URL('../branch/demo-branch.json', import.meta.url).pathname), log);
});
afterAll(async () => {
  await db.$disconnect();
  dir.remove();
});
beforeEach(async () => {
  await db.event.deleteMany();
  await db.deadLetter.deleteMany();
  bus = new EventBus(log);
  metrics = new HubMetrics();
  const directory = new BranchDirectory(db, bus, 'b001');
  await directory.start();
  ingest = new IngestService({ db, bus, directory, metrics, log });
  stored = [];
  bus.on('events.stored', (events) => void stored.push(...events));
});

describe('ingest', () => {
  it('stores a valid event and announces it once', async () => {
    const event = queueEvent();
    expect(await ingest.submit({ topic, payload: bytes(event) })).toBe('stored');
    const row = await db.event.findUniqueOrThrow({ where: { id: event.id } });
    expect(row).toMatchObject({ type: 'tp.queue.observed', zoneId: 'teller-line', sourceId: 'cam-lobby-1' });
    expect(JSON.parse(row.data)).toEqual(event.data);
    expect(stored.map((s) => s.event.id)).toEqual([event.id]);
  });

  it('stores a redelivered id once, whether in one batch or later', async () => {
    const event = queueEvent();
    const outcomes = await Promise.all([1, 2, 3].map(() => ingest.submit({ topic, payload: bytes(event) })));
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'stored']);
    expect(await ingest.submit({ topic, payload: bytes(event) })).toBe('duplicate');
    expect(await db.event.count()).toBe(1);
    expect(stored).toHaveLength(1);
    expect((await metrics.duplicates.get()).values[0]?.value).toBe(3);
  });

  it('commits a burst in a few large transactions and loses nothing', async () => {
    const events = Array.from({ length: 1200 }, (_, i) => queueEvent(i % 50));
    const outcomes = await Promise.all(events.map((event) => ingest.submit({ topic, payload: bytes(event) })));
    expect(outcomes.every((outcome) => outcome === 'stored')).toBe(true);
    expect(await db.event.count()).toBe(1200);
    const batches = (await metrics.batchSize.get()).values.find((v) => v.metricName === 'tp_ingest_batch_size_count')?.value;
    expect(batches).toBeLessThanOrEqual(4);
  });

  it.each([
    ['not JSON', topic, 'hello', 'bad-json'],
    ['missing fields', topic, { specversion: '1.0', id: 'x1', type: 'tp.queue.observed' }, 'bad-envelope'],
    ['a wrong enum', buildTopic({ ...source, eventKind: 'distress' }), { ...queueEvent(), type: 'tp.distress.detected', data: { zoneId: 'lobby', kind: 'crying', severity: 'high', confidence: 1, durationS: 0 } }, 'bad-data'],
    ['an unknown zone', topic, { ...queueEvent(), data: { ...queueEvent().data, zoneId: 'roof' } }, 'unknown-zone'],
    ['another branch', buildTopic({ ...source, branchId: 'b999', eventKind: 'queue' }), { ...queueEvent(), source: '/b999/edge/cam-lobby-1' }, 'unknown-branch'],
    ['a 1 MiB payload', topic, 'x'.repeat(1024 * 1024), 'oversize'],
  ])('dead-letters %s with its reason', async (_what, messageTopic, payload, reason) => {
    expect(await ingest.submit({ topic: messageTopic, payload: bytes(payload), clientId: 'dev-1' })).toBe('dead-lettered');
    const [letter] = await db.deadLetter.findMany();
    expect(letter).toMatchObject({ reason, topic: messageTopic, clientId: 'dev-1' });
    expect(letter!.detail.length).toBeGreaterThan(0);
    expect(letter!.payload.length).toBeLessThanOrEqual(4096);
    expect(await db.event.count()).toBe(0);
    expect((await metrics.deadLettered.get()).values.find((v) => v.labels.reason === reason)?.value).toBe(1);
  });

  it('rejects (so the broker does not acknowledge) when the database cannot commit', async () => {
    const broken = new IngestService({
      db: { ...db, $transaction: () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')) } as unknown as Db,
      bus, directory: new BranchDirectory(db, bus, 'b001'), metrics, log,
    });
    await expect(broken.submit({ topic, payload: bytes(queueEvent()) })).rejects.toThrow('disk is full');
  });
});

describe('payloadHead', () => {
  it('keeps text as text and cuts at a character boundary', () => {
    const text = '排队'.repeat(2000);
    const head = payloadHead(Buffer.from(text));
    expect(head.base64).toBe(false);
    expect(text.startsWith(head.text)).toBe(true);
    expect(Buffer.byteLength(head.text)).toBeLessThanOrEqual(4096);
  });

  it('stores invalid UTF-8 as base64', () => {
    expect(payloadHead(Buffer.from([0xff, 0xfe, 0x00]))).toEqual({ text: '//4A', base64: true });
  });
});
