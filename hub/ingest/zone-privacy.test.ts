/**
 * Staff zones are never analysed and expressions count only where the branch announced them: ingest
 * refuses such events as `privacy-zone` dead letters, keeps nothing of what they carried, and never
 * hands them to the rest of the hub. Real SQLite, the demo branch (back-office is a staff zone,
 * counters a counter zone, lobby a customer zone).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEvent } from '../../protocol/envelope.ts';
import { buildTopic, type EventKind } from '../../protocol/topics.ts';
import { branchConfigSchema, loadBranchConfig } from '../branch/branch-config.ts';
import { BranchDirectory } from '../branch/directory.ts';
import { seedBranch } from '../branch/seed.ts';
import { EventBus, type StoredEvent } from '../bus.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { HubMetrics } from '../metrics.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { IngestService } from './ingest.ts';
import { zonePrivacyRefusal } from './zone-privacy.ts';

const log = createLogger('silent');
const dir = tempDir();
const DEMO = new URL('../branch/demo-branch.json', import.meta.url).pathname;
const source = { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-1' } as const;
const topic = (eventKind: EventKind) => buildTopic({ ...source, eventKind });

let db: Db;
let bus: EventBus;
let directory: BranchDirectory;
let metrics: HubMetrics;
let ingest: IngestService;
let stored: StoredEvent[];

const queueIn = (zoneId: string) => createEvent('tp.queue.observed', source, { zoneId, count: 2, waitEstimateS: 60, confidence: 0.9, windowS: 10 });
const distressIn = (zoneId: string, kind: 'negative-affect' | 'fall') => createEvent('tp.distress.detected', source, { zoneId, kind, severity: 'medium', confidence: 0.8, durationS: 6 });
const submit = (event: ReturnType<typeof createEvent>) =>
  ingest.submit({ topic: topic(event.type === 'tp.queue.observed' ? 'queue' : 'distress'), payload: Buffer.from(JSON.stringify(event)) });

beforeAll(async () => {
  ({ db } = await openDatabase({ dataDir: dir.path, synchronous: 'normal' }));
  await seedBranch(db, loadBranchConfig(DEMO), log);
});
afterAll(async () => {
  await db.$disconnect();
  dir.remove();
});
beforeEach(async () => {
  await db.event.deleteMany();
  await db.deadLetter.deleteMany();
  await db.zone.updateMany({ data: { expressions: false } });
  bus = new EventBus(log);
  metrics = new HubMetrics();
  directory = new BranchDirectory(db, bus, 'b001');
  await directory.start();
  ingest = new IngestService({ db, bus, directory, metrics, log });
  stored = [];
  bus.on('events.stored', (events) => void stored.push(...events));
});

describe('events about zones that must not be analysed', () => {
  it('refuses anything about a staff zone, keeping only that it came', async () => {
    for (const event of [queueIn('back-office'), distressIn('back-office', 'fall')]) {
      expect(await submit(event)).toBe('dead-lettered');
      const [letter] = await db.deadLetter.findMany({ where: { eventId: event.id } });
      expect(letter).toMatchObject({ reason: 'privacy-zone', payload: '', payloadBytes: JSON.stringify(event).length });
      expect(letter!.detail).toContain('staff zone');
    }
    expect(await db.event.count()).toBe(0);
    expect(stored).toEqual([]);
    expect(await metrics.registry.getSingleMetricAsString('tp_events_dead_lettered_total')).toContain('reason="privacy-zone"} 2');
  });

  it('refuses negative affect from a zone where expression analysis is not announced, until it is', async () => {
    const early = distressIn('lobby', 'negative-affect');
    expect(await submit(early)).toBe('dead-lettered');
    expect(await db.deadLetter.findFirst({ where: { eventId: early.id } })).toMatchObject({ reason: 'privacy-zone', payload: '' });
    // Signs that need no face are kept in the same zone, and at the counters.
    expect(await submit(distressIn('lobby', 'fall'))).toBe('stored');
    expect(await submit(distressIn('counters', 'fall'))).toBe('stored');

    await db.zone.update({ where: { branchId_id: { branchId: 'b001', id: 'lobby' } }, data: { expressions: true } });
    bus.emit('config.changed', { entity: 'zone' });
    await expect.poll(() => directory.zone('lobby')?.expressions).toBe(true);
    const announced = distressIn('lobby', 'negative-affect');
    expect(await submit(announced)).toBe('stored');
    expect(stored.map((s) => s.event.id)).toContain(announced.id);
    expect(await submit(distressIn('counters', 'negative-affect'))).toBe('dead-lettered');
  });

  it('never lets a counter or staff zone announce expression analysis', () => {
    const config = JSON.parse(JSON.stringify(loadBranchConfig(DEMO))) as { zones: { id: string; expressions?: boolean }[] };
    for (const zone of config.zones) if (zone.id === 'counters' || zone.id === 'back-office' || zone.id === 'lobby') zone.expressions = true;
    const result = branchConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['zones.6.expressions', 'expression analysis is never allowed in a counter zone'],
      ['zones.7.expressions', 'expression analysis is never allowed in a staff zone'],
    ]);
    expect(zonePrivacyRefusal(queueIn('lobby'), { id: 'lobby', kind: 'lobby', serviceId: null, expressions: true })).toBeNull();
    // Even a counter zone marked in the database behind the configuration's back.
    expect(zonePrivacyRefusal(distressIn('counters', 'negative-affect'), { id: 'counters', kind: 'counter', serviceId: null, expressions: true })).toContain('not announced');
  });
});
