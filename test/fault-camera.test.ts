/**
 * A camera that sends garbage, seen end to end: a real edge node (ffmpeg, detection in a worker,
 * the outbox, MQTT) reads a fake MJPEG camera and publishes to a real hub.
 *
 * - corrupt frames between good ones: the node keeps analysing the good frames (its queue events
 *   keep coming), and its status reports the camera `ok` with `error: "corrupt input: …"`;
 * - nothing but garbage: ffmpeg gives up, capture restarts it with back-off, the camera shows
 *   `restarting` with ffmpeg's reason, and the hub opens a `camera-offline` alert;
 * - good frames again: the camera is `ok` without error and the alert closes by itself.
 * Every event the node published is stored once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseEdgeConfig } from '../edge/config.ts';
import { createLogger } from '../edge/logger.ts';
import { startEdgeNode, type EdgeNode } from '../edge/node.ts';
import { EdgePublisher } from '../edge/pipeline/publish.ts';
import { duplicatesIn, expectNothingLost, outboxIds, reportFault } from './helpers/fault-report.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { startMjpegCamera, type MjpegCamera } from './helpers/mjpeg-camera.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { until } from './helpers/until.ts';

const NODE = 'cam-garbage';

let hub: TestHub;
let camera: MjpegCamera;
let node: EdgeNode | undefined;
const outbox = tempDir('tp-fault-camera-');
const publishSpy = vi.spyOn(EdgePublisher.prototype, 'publish');

beforeAll(async () => {
  hub = await startTestHub();
  camera = await startMjpegCamera();
});
afterAll(async () => {
  await node?.stop();
  await camera?.close();
  await hub?.close();
  outbox.remove();
  publishSpy.mockRestore();
});

interface NodeView { online: boolean; cameras: { cameraId: string; state: string; restarts?: number; error?: string }[]; outbox?: { queued: number; dropped: number } }
interface AlertView { id: string; kind: string; sourceId: string | null }

async function state() {
  const body = (await hub.inject('GET', '/api/v1/state')).body!;
  return { node: (body.nodes as (NodeView & { sourceId: string })[]).find((n) => n.sourceId === NODE), alerts: body.alerts as AlertView[] };
}
const cameraAt = async () => (await state()).node?.cameras[0];
const storedCount = () => hub.db.event.count({ where: { sourceId: NODE, type: 'tp.queue.observed' } });

describe('a camera that sends garbage', () => {
  it('is reported, alerted and recovered, while the node keeps analysing and nothing it published is lost', async () => {
    const rules = (await hub.inject('GET', '/api/v1/rules')).body!;
    expect((await hub.inject('PUT', '/api/v1/rules', { body: { ...rules, camera: { ...rules.camera, forS: 2 } } })).status).toBe(200);
    const registered = await hub.inject('POST', '/api/v1/devices', { body: { kind: 'edge', sourceId: NODE, name: 'Garbage camera' } });
    const credentials = registered.body!.mqtt as { username: string; password: string };
    node = await startEdgeNode(parseEdgeConfig({
      branchId: hub.branchId, nodeId: NODE, dataDir: outbox.path,
      broker: { url: hub.mqttUrl, username: credentials.username, password: credentials.password },
      detection: { workers: 1 },
      queue: { windowS: 1, publishEveryS: 1 },
      cameras: [{ id: NODE, source: camera.url, fps: 5, width: 160, height: 120, zones: [{ id: 'teller-line', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]], queue: true }] }],
    }), createLogger('silent'));

    // Good frames: the camera is ok.
    await until('the camera ok at the hub', async () => (await cameraAt())?.state === 'ok', 30_000, 250);

    // Corrupt frames between good ones: still ok, the problem reported, the good frames still analysed.
    camera.mode = 'corrupt';
    const corrupt = await until('corrupt input reported at the hub', async () => {
      const cam = await cameraAt();
      return cam?.state === 'ok' && cam.error?.startsWith('corrupt input: ') ? cam : null;
    }, 10_000, 250);
    const eventsBefore = await storedCount();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const analysedDuringCorrupt = (await storedCount()) - eventsBefore;
    expect(analysedDuringCorrupt).toBeGreaterThanOrEqual(2); // a queue observation a second from the good frames
    expect((await state()).alerts.filter((alert) => alert.kind === 'camera-offline')).toEqual([]);

    // Nothing but garbage: ffmpeg gives up, capture restarts it with back-off, the hub raises the alert.
    camera.mode = 'junk';
    const failing = await until('the camera restarting at the hub', async () => {
      const cam = await cameraAt();
      return cam && cam.state !== 'ok' ? cam : null;
    }, 15_000, 250);
    expect(failing).toMatchObject({ state: expect.stringMatching(/restarting|stalled/), error: expect.any(String) });
    const alert = await until('the camera-offline alert', async () => (await state()).alerts.find((a) => a.kind === 'camera-offline' && a.sourceId === NODE), 15_000, 250);

    // Good frames again: ok without an error, the alert closes by itself.
    camera.mode = 'good';
    const recovered = await until('the camera ok again', async () => {
      const cam = await cameraAt();
      return cam?.state === 'ok' && !cam.error ? cam : null;
    }, 40_000, 250);
    await until('the alert closed', async () => !(await state()).alerts.some((a) => a.id === alert.id), 10_000, 250);
    expect(await hub.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ status: 'resolved', resolvedBy: 'auto' });

    const publishedIds = async () => (await Promise.all(publishSpy.mock.results.map((result) => result.value as Promise<{ id: string }>))).map((event) => event.id);
    await until('the node\'s events at the hub', async () => (await hub.db.event.count({ where: { id: { in: await publishedIds() } } })) === publishSpy.mock.results.length, 10_000);
    await node.stop();
    node = undefined;
    const published = await publishedIds();
    const waiting = outboxIds(outbox.path);
    const stored = (await hub.db.event.findMany({ where: { id: { in: published } }, select: { id: true } })).map((row) => row.id);
    const counts = { sent: published.length, acknowledged: published.length - waiting.length, stored: new Set(stored).size, duplicates: duplicatesIn(stored), lost: published.filter((id) => !stored.includes(id)).length };
    reportFault('camera-garbage', counts, {
      served: camera.served, analysedDuringCorrupt, corruptError: corrupt.error?.slice(0, 60), failingState: failing.state, failingError: failing.error?.slice(0, 80),
      restarts: recovered.restarts, alert: 'camera-offline opened and auto-closed',
    });
    expectNothingLost(counts);
    expect(await hub.db.deadLetter.count()).toBe(0);
  }, 100_000);
});
