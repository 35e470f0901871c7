/**
 * The publisher without a broker: validation, the 4 KiB limit, and events queueing on disk while
 * nothing listens (the integration test with a real Mosquitto is test/edge-outbox.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEvent } from '../../protocol/envelope.ts';
import { freePort } from '../../test/helpers/mosquitto.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { Outbox } from './outbox.ts';
import { backoff, EdgePublisher, encodeEdgePayload, MAX_EDGE_PAYLOAD_BYTES, type PublisherConfigInput } from './publish.ts';

const dirs: ReturnType<typeof tempDir>[] = [];
const publishers: EdgePublisher[] = [];

async function unreachable(overrides: Partial<PublisherConfigInput> = {}): Promise<{ publisher: EdgePublisher; dir: string }> {
  const dir = tempDir('tp-publish-');
  dirs.push(dir);
  // A free port nobody listens on: every connection attempt is refused.
  const publisher = new EdgePublisher({
    branchId: 'b001',
    sourceId: 'cam-unit-1',
    broker: { url: `mqtt://127.0.0.1:${await freePort()}`, username: 'u', password: 'p' },
    dataDir: dir.path,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
    ...overrides,
  });
  publishers.push(publisher);
  return { publisher, dir: dir.path };
}

const queueData = (count: number) => ({ zoneId: 'teller-line', count, waitEstimateS: null, confidence: 0.9, windowS: 10 });

afterEach(async () => {
  for (const publisher of publishers.splice(0)) await publisher.stop();
  for (const dir of dirs.splice(0)) dir.remove();
});

describe('EdgePublisher without a broker', () => {
  it('refuses a bad config at construction, before any I/O', () => {
    expect(() => new EdgePublisher({ branchId: 'B 1', sourceId: 'x', broker: { url: 'http://x', username: 'u', password: 'p' }, dataDir: '/tmp/x' })).toThrow(/branchId[\s\S]*url|url[\s\S]*branchId/);
  });

  it('refuses to publish before start()', async () => {
    const { publisher } = await unreachable();
    await expect(publisher.publish('tp.queue.observed', queueData(1))).rejects.toThrow(/start\(\)/);
  });

  it('queues events on disk in order while the broker is unreachable, and keeps them across a restart', async () => {
    const { publisher, dir } = await unreachable();
    await publisher.start();
    const events = [];
    for (let i = 0; i < 5; i++) events.push(await publisher.publish('tp.queue.observed', queueData(i)));
    events.push(await publisher.publish('tp.distress.detected', { zoneId: 'lobby', kind: 'fall', severity: 'high', confidence: 0.7, durationS: 3 }));
    expect(new Set(events.map((e) => e.id)).size).toBe(6);
    expect(publisher.stats()).toMatchObject({ queued: 6, inFlight: 0, sent: 0, dropped: 0, connected: false });
    await Promise.all([publisher.stop(), publisher.stop()]);
    await expect(publisher.publish('tp.queue.observed', queueData(9))).rejects.toThrow(/not running/);

    const outbox = Outbox.open({ dir });
    try {
      const entries = outbox.peek(10);
      expect(entries.map((e) => JSON.parse(e.payload).id)).toEqual(events.map((e) => e.id));
      expect(entries.map((e) => e.topic)).toEqual([...Array(5).fill('tp/v1/b001/edge/cam-unit-1/queue'), 'tp/v1/b001/edge/cam-unit-1/distress']);
    } finally {
      outbox.close();
    }
  });

  it('reports what a full outbox dropped, by kind', async () => {
    const { publisher } = await unreachable({ outbox: { maxEvents: 2 } });
    await publisher.start();
    await publisher.publish('tp.distress.detected', { zoneId: 'lobby', kind: 'help-request', severity: 'high', confidence: 1, durationS: 0 });
    for (let i = 0; i < 3; i++) await publisher.publish('tp.queue.observed', queueData(i));
    expect(publisher.stats()).toMatchObject({ queued: 2, dropped: 2, droppedByKind: { queue: 2 } });
  });

  it('validates data against the contract and refuses types an edge may not send', async () => {
    const { publisher } = await unreachable();
    await publisher.start();
    await expect(publisher.publish('tp.queue.observed', { ...queueData(1), image: 'data:image/jpeg;base64,AAAA' } as never)).rejects.toThrow();
    const { publisher: kiosk } = await unreachable({ sourceKind: 'kiosk', sourceId: 'kiosk-1' });
    await kiosk.start();
    await expect(kiosk.publish('tp.queue.observed', queueData(1))).rejects.toThrow(/may not come from a source of kind kiosk/);
    await expect(publisher.publish('tp.edge.status' as never, { online: true } as never)).rejects.toThrow(/outbox/);
    expect(publisher.stats().queued).toBe(0);
  });

  it('refuses any payload over 4 KiB with a clear error', async () => {
    const event = createEvent('tp.edge.status', { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-unit-1' }, {
      online: true,
      cameras: Array.from({ length: 20 }, (_, i) => ({ cameraId: `cam-${i}`, state: 'stalled' as const, error: 'e'.repeat(300) })),
    });
    expect(() => encodeEdgePayload(event)).toThrow(new RegExp(`tp.edge.status payload is \\d+ bytes; an edge event may be at most ${MAX_EDGE_PAYLOAD_BYTES}`));

    const { publisher } = await unreachable();
    await publisher.start();
    expect(() => publisher.setStatus({ cameras: event.data.cameras })).toThrow(/at most 4096/);
    publisher.setStatus({ cameras: [{ cameraId: 'cam-unit-1', state: 'ok', fps: 5 }] }); // a normal one is fine
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoff(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoff(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoff(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoff(20, 500, 30_000, () => 0)).toBe(15_000);
  });
});
