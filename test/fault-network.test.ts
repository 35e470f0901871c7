/**
 * An edge node loses the network for "minutes": a real node (ffmpeg on the sample clip, detection
 * in a worker, the outbox, MQTT) publishes to a real hub through a link the test pulls like a cable
 * (helpers/network-link.ts: a black hole, no FIN or RST reaches either side). Fast variant: MQTT
 * keepalive 1 s and reconnect back-off at most 1 s, and a 15 s outage — 15 keepalives, as long for
 * both ends' timers as almost 4 minutes at the default 15 s keepalive.
 *
 * While cut: the node keeps analysing and queues its events on disk; the hub's broker notices the
 * silence, publishes the node's last will, the node shows offline and the `edge-offline` alert
 * opens. Back: the node reconnects by itself, its backlog arrives — every event once, in the
 * order it was made — and the alert closes by itself.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseEdgeConfig } from '../edge/config.ts';
import { createLogger } from '../edge/logger.ts';
import { startEdgeNode, type EdgeNode } from '../edge/node.ts';
import { EdgePublisher } from '../edge/pipeline/publish.ts';
import { duplicatesIn, expectNothingLost, outboxIds, reportFault } from './helpers/fault-report.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { startNetworkLink, type NetworkLink } from './helpers/network-link.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { until } from './helpers/until.ts';

const NODE = 'cam-network';
const OUTAGE_MS = 15_000;
const KEEPALIVE_S = 1;
const SAMPLE = new URL('../edge/samples/lobby.mp4', import.meta.url).pathname;

let hub: TestHub;
let link: NetworkLink;
let node: EdgeNode | undefined;
const outbox = tempDir('tp-fault-network-');
const publishSpy = vi.spyOn(EdgePublisher.prototype, 'publish');

beforeAll(async () => {
  hub = await startTestHub();
  link = await startNetworkLink({ port: Number(new URL(hub.mqttUrl).port) });
});
afterAll(async () => {
  await node?.stop();
  await link?.close();
  await hub?.close();
  outbox.remove();
  publishSpy.mockRestore();
});

interface NodeView { sourceId: string; online: boolean; outbox?: { queued: number; dropped: number } }
interface AlertView { id: string; kind: string; sourceId: string | null }

async function state() {
  const body = (await hub.inject('GET', '/api/v1/state')).body!;
  return { node: (body.nodes as NodeView[]).find((n) => n.sourceId === NODE), alerts: body.alerts as AlertView[] };
}
const offlineAlert = async () => (await state()).alerts.find((alert) => alert.kind === 'edge-offline' && alert.sourceId === NODE);
const publishedIds = async () => (await Promise.all(publishSpy.mock.results.map((result) => result.value as Promise<{ id: string }>))).map((event) => event.id);
const storedInArrivalOrder = async () =>
  (await hub.db.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Event" WHERE sourceId = ? AND type <> 'tp.edge.status' ORDER BY rowid`, NODE)).map((row) => row.id);

describe('an edge node that loses the network', () => {
  it('queues while cut off, is shown offline with an alert, and delivers its backlog once, in order, when the network returns', async () => {
    const registered = await hub.inject('POST', '/api/v1/devices', { body: { kind: 'edge', sourceId: NODE, name: 'Network fault camera' } });
    const credentials = registered.body!.mqtt as { username: string; password: string };
    node = await startEdgeNode(parseEdgeConfig({
      branchId: hub.branchId, nodeId: NODE, dataDir: outbox.path,
      broker: { url: `mqtt://127.0.0.1:${link.port}`, username: credentials.username, password: credentials.password, keepaliveS: KEEPALIVE_S, reconnectMaxS: 1 },
      detection: { workers: 1 },
      queue: { windowS: 1, publishEveryS: 1 },
      cameras: [{ id: NODE, source: SAMPLE, loop: true, fps: 3, zones: [{ id: 'teller-line', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]], queue: true }] }],
    }), createLogger('silent'));
    await until('the node online at the hub', async () => (await state()).node?.online, 30_000, 250);
    await until('its first events stored', async () => (await storedInArrivalOrder()).length >= 3, 20_000, 250);

    // The cable is pulled.
    link.cut();
    const cutAt = Date.now();
    const madeBeforeCut = publishSpy.mock.calls.length;
    await until('the node offline at the hub (last will)', async () => (await state()).node?.online === false, 10_000, 100);
    const offlineAfterMs = Date.now() - cutAt;
    await until('the edge-offline alert', offlineAlert, 5000, 100);
    const alert = (await offlineAlert())!;
    const storedAtCut = (await storedInArrivalOrder()).length;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - cutAt)));
    const madeDuringCut = publishSpy.mock.calls.length - madeBeforeCut;
    expect(madeDuringCut).toBeGreaterThanOrEqual(5); // it kept analysing: about one queue event a second
    expect((await storedInArrivalOrder()).length).toBe(storedAtCut); // and nothing got through

    // The network is back.
    link.restore();
    const restoredAt = Date.now();
    await until('the node online again', async () => (await state()).node?.online, 15_000, 100);
    const onlineAfterMs = Date.now() - restoredAt;
    // Its first status after reconnecting counted the backlog waiting on its disk.
    const firstStatus = await hub.db.event.findFirstOrThrow({ where: { sourceId: NODE, type: 'tp.edge.status', receivedAt: { gte: new Date(restoredAt) } }, orderBy: { receivedAt: 'asc' } });
    const queuedAtReconnect = (JSON.parse(firstStatus.data) as { outbox?: { queued: number } }).outbox?.queued ?? 0;
    expect(queuedAtReconnect).toBeGreaterThanOrEqual(madeDuringCut);
    await until('the backlog stored', async () => {
      const ids = new Set(await storedInArrivalOrder());
      return (await publishedIds()).every((id) => ids.has(id));
    }, 15_000, 100);
    const drainedAfterMs = Date.now() - restoredAt;
    await until('the alert closed', async () => !(await offlineAlert()), 5000, 100);
    expect(await hub.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ status: 'resolved', resolvedBy: 'auto' });

    await node.stop();
    node = undefined;
    const published = await publishedIds();
    const waiting = outboxIds(outbox.path);
    const stored = await storedInArrivalOrder();
    const metrics = (await hub.inject('GET', '/metrics')).text;
    const redelivered = Number(/^tp_events_duplicate_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
    const counts = { sent: published.length, acknowledged: published.length - waiting.length, stored: new Set(stored).size, duplicates: duplicatesIn(stored), lost: published.filter((id) => !stored.includes(id)).length };
    reportFault('edge-network-outage', counts, {
      simulated: `TCP black hole for ${OUTAGE_MS / 1000} s, keepalive ${KEEPALIVE_S} s`, madeDuringCut, queuedAtReconnect, offlineAfterMs, onlineAfterMs, drainedAfterMs,
      redeliveredDropped: redelivered, droppedBytesInCut: link.stats.droppedBytes, alert: 'edge-offline opened and auto-closed',
    });
    expectNothingLost(counts);
    expect(stored).toEqual(published); // in the order they were made
    expect(await hub.db.deadLetter.count()).toBe(0);
  }, 90_000);
});
