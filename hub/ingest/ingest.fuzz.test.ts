/**
 * Property-based tests of the real ingest (decode, branch and zone checks, group commit) against
 * a real SQLite database: valid events from the contract's domains, hostile messages with one
 * defect each, and noise, mixed and submitted at once. Whatever comes in, ingest never throws,
 * stores each valid event once and unchanged, dead-letters everything else with its reason, and
 * leaves Object.prototype alone. Bounded for `npm test`; see test/helpers/fuzz.ts to go further.
 */
import { CLOCK_TOLERANCE_MS } from './clock-check.ts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_REASONS } from '../../protocol/envelope.ts';
import { defectiveEvent, noise, storedMessage, validEvent, type FuzzMessage, type FuzzWorld } from '../../test/helpers/fuzz-events.ts';
import { fuzzParameters } from '../../test/helpers/fuzz.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { loadBranchConfig } from '../branch/branch-config.ts';
import { BranchDirectory } from '../branch/directory.ts';
import { seedBranch } from '../branch/seed.ts';
import { EventBus } from '../bus.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { HubMetrics } from '../metrics.ts';
import { IngestService } from './ingest.ts';

const log = createLogger('silent');
const dir = tempDir();
const branchConfig = loadBranchConfig(new URL('../branch/demo-branch.json', import.meta.url).pathname);
const zones = branchConfig.zones.filter((zone) => zone.kind !== 'staff').map((zone) => zone.id);
const worlds: FuzzWorld[] = [
  { source: { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-lobby-1' }, zones },
  { source: { branchId: 'b001', sourceKind: 'kiosk', sourceId: 'kiosk-1' }, zones },
];

let db: Db;
let ingest: IngestService;
const prototypeKeys = () => [Object.prototype, Array.prototype, Function.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort().join());
const cleanPrototypes = prototypeKeys();

beforeAll(async () => {
  ({ db } = await openDatabase({ dataDir: dir.path, synchronous: 'normal' }));
  await seedBranch(db, branchConfig, log);
  const bus = new EventBus(log);
  const directory = new BranchDirectory(db, bus, 'b001');
  await directory.start();
  ingest = new IngestService({ db, bus, directory, metrics: new HubMetrics(), log });
});
afterAll(async () => {
  await db.$disconnect();
  dir.remove();
});

/** Valid, defective and noisy messages from either device, with some valid ones sent again (QoS 1 redelivery). */
const mixedBatch = fc
  .tuple(
    fc.array(fc.constantFrom(...worlds).chain((world) => fc.oneof(
      { arbitrary: validEvent(world).map(storedMessage), weight: 3 },
      { arbitrary: defectiveEvent(world), weight: 4 },
      { arbitrary: noise(world), weight: 1 },
    )), { minLength: 1, maxLength: 24 }),
    fc.array(fc.nat(), { maxLength: 4 }),
  )
  .map(([messages, repeats]) => {
    const valid = messages.filter((message) => message.expect.outcome === 'stored');
    const again = valid.length === 0 ? [] : repeats.map((index) => ({ ...valid[index % valid.length]!, what: 'redelivered' }));
    return [...messages, ...again];
  });

/** Submits all at once (so they share batches) and checks each outcome and the database against expectations. */
async function submitAndCheck(messages: FuzzMessage[]): Promise<void> {
  await db.event.deleteMany();
  await db.deadLetter.deleteMany();
  const outcomes = await Promise.all(messages.map((message) => ingest.submit({ topic: message.topic, payload: message.payload, clientId: 'fuzz' })));

  const firstById = new Map<string, number>();
  messages.forEach((message, index) => {
    if (message.expect.outcome === 'stored' && !firstById.has(message.expect.event.id)) firstById.set(message.expect.event.id, index);
  });
  const letters = await db.deadLetter.findMany({ orderBy: { id: 'asc' } });
  // Dead letters are committed in submission order: the n-th refused message is the n-th letter.
  const letterOf = new Map(outcomes.flatMap((outcome, index) => (outcome === 'dead-lettered' ? [index] : [])).map((index, n) => [index, letters[n]]));
  messages.forEach((message, index) => {
    const expected = message.expect.outcome === 'dead-lettered' ? 'dead-lettered' : firstById.get(message.expect.event.id) === index ? 'stored' : 'duplicate';
    const letter = letterOf.get(index);
    expect(outcomes[index], `${message.what} on ${message.topic.slice(0, 80)}${letter ? ` (${letter.reason}: ${letter.detail})` : ''}`).toBe(expected);
  });

  // Counts add up: every message is stored, a dropped duplicate, or a dead letter.
  const count = (outcome: string) => outcomes.filter((candidate) => candidate === outcome).length;
  expect(count('stored') + count('duplicate') + count('dead-lettered')).toBe(messages.length);
  expect(await db.event.count()).toBe(count('stored'));

  // Each valid event is stored exactly as it was sent.
  for (const [id, index] of firstById) {
    const event = (messages[index]!.expect as { event: { type: string; time: string; data: unknown } }).event;
    const row = await db.event.findUnique({ where: { id } });
    expect(row, `event ${JSON.stringify(id)}`).not.toBeNull();
    expect(row!.type).toBe(event.type);
    // A time further ahead of its arrival than the clock tolerance is kept as the arrival (clock-check.ts).
    const sent = Date.parse(event.time);
    const kept = sent - row!.receivedAt.getTime() > CLOCK_TOLERANCE_MS ? row!.receivedAt.getTime() : sent;
    expect(row!.time.toISOString()).toBe(new Date(kept).toISOString());
    expect(JSON.parse(row!.data)).toEqual(event.data);
  }

  // Each refused message is one dead letter, in submission order, with a documented reason — the expected one where known.
  const refused = messages.filter((_message, index) => outcomes[index] === 'dead-lettered');
  expect(letters).toHaveLength(refused.length);
  letters.forEach((letter, index) => {
    const message = refused[index]!;
    const expected = message.expect.outcome === 'dead-lettered' ? message.expect.reason : null;
    expect(DEAD_LETTER_REASONS).toContain(letter.reason);
    if (expected) expect(letter.reason, `${message.what}: ${letter.detail}`).toBe(expected);
    expect(letter.detail.length).toBeGreaterThan(0);
    expect(letter.payloadBytes).toBe(message.payload.byteLength);
    expect(Buffer.byteLength(letter.payload, letter.payloadBase64 ? 'base64' : 'utf8')).toBeLessThanOrEqual(4096);
  });

  expect(prototypeKeys()).toEqual(cleanPrototypes);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('ingest under fuzzing', () => {
  it('accepts every valid event drawn from the contract\'s schemas, unchanged and once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...worlds).chain((world) => validEvent(world)), { minLength: 1, maxLength: 30 }), async (events) => {
        await submitAndCheck(events.map(storedMessage));
      }),
      fuzzParameters(40),
    );
  }, 60_000);

  it('stores valid events interleaved with garbage, dead-letters the garbage with its reason, and never throws', async () => {
    await fc.assert(fc.asyncProperty(mixedBatch, submitAndCheck), fuzzParameters(120));
  }, 60_000);

  it('gives each kind of defect its documented reason', async () => {
    // One message at a time, so a wrong reason names its defect.
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...worlds).chain((world) => defectiveEvent(world)), async (message) => submitAndCheck([message])),
      fuzzParameters(200),
    );
  }, 60_000);

  it('survives 30 000 levels of nesting anywhere without blowing the stack', async () => {
    const depth = 30_000;
    const open = '['.repeat(depth);
    const close = ']'.repeat(depth);
    const topic = 'tp/v1/b001/edge/cam-lobby-1/queue';
    const valid = '{"specversion":"1.0","id":"deep-1","source":"/b001/edge/cam-lobby-1","type":"tp.queue.observed","time":"2026-11-22T09:30:00Z","data":';
    await submitAndCheck([
      { what: 'nested root', topic, payload: Buffer.from(`${open}1${close}`), expect: { outcome: 'dead-lettered', reason: 'bad-envelope' } },
      { what: 'nested data', topic, payload: Buffer.from(`${valid}${open}1${close}}`), expect: { outcome: 'dead-lettered', reason: 'bad-data' } },
      { what: 'nested extension', topic, payload: Buffer.from(`${valid.replace('{', `{"ext":${open}1${close},`)}{}}`), expect: { outcome: 'dead-lettered', reason: 'bad-envelope' } },
      { what: 'nested and cut', topic, payload: Buffer.from(open), expect: { outcome: 'dead-lettered', reason: 'bad-json' } },
    ]);
  });
});
