/**
 * A whole edge node (real ffmpeg, real inference in a worker, the outbox, MQTT) publishing to a
 * real hub: the hub shows the node online with its camera and the zone's queue count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../edge/config.ts';
import { createLogger } from '../edge/logger.ts';
import { startEdgeNode, type EdgeNode } from '../edge/node.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { tempDir } from './helpers/temp-dir.ts';

const SAMPLE = new URL('../edge/samples/lobby.mp4', import.meta.url).pathname;

let hub: TestHub;
let node: EdgeNode | undefined;
const outboxDir = tempDir('tp-edge-node-');

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await node?.stop();
  await hub?.close();
  outboxDir.remove();
});

async function state() {
  return (await (await hub.request('/api/v1/state')).json()) as {
    zones: { zoneId: string; count: number | null }[];
    nodes: { sourceId: string; online: boolean; backend?: string; cameras: { cameraId: string; state: string; error?: string }[]; outbox?: { queued: number } }[];
  };
}

describe('edge node → hub', () => {
  it('reports itself online and publishes the queue it sees on the sample clip', async () => {
    const registered = await (await hub.request('/api/v1/devices', { method: 'POST', json: { kind: 'edge', sourceId: 'cam-test', name: 'Test camera' } })).json();
    const config = parseEdgeConfig({
      branchId: 'b001',
      nodeId: 'cam-test',
      broker: { url: hub.mqttUrl, username: registered.mqtt.username, password: registered.mqtt.password },
      dataDir: outboxDir.path,
      detection: { workers: 1 },
      queue: { windowS: 2 },
      cameras: [
        { id: 'cam-test', source: SAMPLE, fps: 3, zones: [{ id: 'teller-line', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]], queue: true }] },
        { id: 'cam-broken', source: '/nonexistent/camera.mp4', fps: 3, zones: [{ id: 'lobby', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]] }] },
      ],
    });
    node = await startEdgeNode(config, createLogger('warn'));

    await expect.poll(async () => (await state()).nodes.find((n) => n.sourceId === 'cam-test'), { timeout: 20_000, interval: 250 })
      .toMatchObject({ online: true, backend: expect.stringMatching(/wasm|tensorflow/), cameras: [{ cameraId: 'cam-test', state: 'ok' }, { cameraId: 'cam-broken' }] });
    // A camera whose stream is dead is restarted with back-off and reported, with ffmpeg's reason.
    await expect.poll(async () => (await state()).nodes.find((n) => n.sourceId === 'cam-test')?.cameras[1], { timeout: 20_000, interval: 250 })
      .toMatchObject({ cameraId: 'cam-broken', state: 'restarting', restarts: expect.any(Number), error: expect.stringMatching(/No such file|nonexistent/) });
    // The clip opens on an empty hall for 3 s, then shows groups of 3-5 people.
    await expect.poll(async () => (await state()).zones.find((z) => z.zoneId === 'teller-line')?.count ?? 0, { timeout: 30_000, interval: 250 })
      .toBeGreaterThanOrEqual(2);
    const events = await (await hub.request('/api/v1/events?type=tp.queue.observed&sourceId=cam-test')).json();
    expect(events.items.length).toBeGreaterThan(0);
    expect(await hub.db.deadLetter.count()).toBe(0);
  }, 60_000);

  it('goes offline cleanly when stopped', async () => {
    await node!.stop();
    node = undefined;
    await expect.poll(async () => (await state()).nodes.find((n) => n.sourceId === 'cam-test')?.online, { timeout: 10_000 }).toBe(false);
  });
});
