/**
 * The edge's publish stage against real brokers.
 * 1. Mosquitto (password file + ACL, persistence): the broker stops in the middle of a stream, the
 *    edge keeps publishing onto disk, the edge process restarts with events still queued, the
 *    broker comes back — and a persistent QoS 1 subscriber sees every event, once per id, in order.
 * 2. Privacy and size: every payload that subscriber saw is ≤ 4 KiB, valid, and carries no image.
 * 3. The real hub (embedded broker): events reach its database with the device's credentials, and
 *    a cut connection makes the node show offline (last will), then online again with the backlog.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage } from '../protocol/envelope.ts';
import { EdgePublisher, MAX_EDGE_PAYLOAD_BYTES, type PublisherConfigInput } from '../edge/pipeline/publish.ts';
import { reportFault } from './helpers/fault-report.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { freePort, runAsUserLine, startMosquitto, type MosquittoBroker } from './helpers/mosquitto.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { until } from './helpers/until.ts';

const BRANCH = 'b001';
const EDGE = { username: 'cam-outbox-1', password: 'edge-secret-4a1f' };
const SUBSCRIBER = { username: 'test-subscriber', password: 'sub-secret-9c2e' };


const tick = () => new Promise((resolve) => setImmediate(resolve));

interface Seen {
  topic: string;
  payload: Buffer;
}

/** The sequence number a test event carries in its data (queue: count, distress: durationS). */
function seqOf(event: { type: string; data: Record<string, unknown> }): number | null {
  if (event.type === 'tp.queue.observed') return event.data.count as number;
  if (event.type === 'tp.distress.detected') return event.data.durationS as number;
  return null;
}

describe('edge publisher with a real Mosquitto', () => {
  const dir = tempDir('tp-edge-outbox-');
  const outboxDir = path.join(dir.path, 'edge');
  const seen: Seen[] = [];
  let broker: MosquittoBroker;
  let subscriber: MqttClient;
  let publisher: EdgePublisher | undefined;

  const config = (): PublisherConfigInput => ({
    branchId: BRANCH,
    sourceId: EDGE.username,
    broker: { url: broker.url, ...EDGE },
    dataDir: outboxDir,
    version: '0.1.0-test',
    maxInFlight: 8,
    reconnectMinMs: 100,
    reconnectMaxMs: 400,
  });

  beforeAll(async () => {
    const port = await freePort();
    const passwd = path.join(dir.path, 'passwd');
    execFileSync('mosquitto_passwd', ['-c', '-b', passwd, EDGE.username, EDGE.password]);
    execFileSync('mosquitto_passwd', ['-b', passwd, SUBSCRIBER.username, SUBSCRIBER.password]);
    chmodSync(passwd, 0o600);
    const acl = path.join(dir.path, 'acl');
    writeFileSync(acl, ['pattern readwrite tp/v1/b001/edge/%u/#', '', `user ${SUBSCRIBER.username}`, 'topic read tp/v1/#', ''].join('\n'), { mode: 0o600 });
    const conf = path.join(dir.path, 'mosquitto.conf');
    writeFileSync(conf, [
      runAsUserLine,
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${passwd}`,
      `acl_file ${acl}`,
      // The subscriber's session and its queued messages survive the broker's restart.
      'persistence true',
      `persistence_location ${dir.path}/`,
      'max_queued_messages 100000',
      '',
    ].join('\n'));
    broker = await startMosquitto({ confFile: conf, port });

    subscriber = await mqtt.connectAsync(broker.url, { clientId: 'tp-test-outbox-subscriber', clean: false, ...SUBSCRIBER, reconnectPeriod: 100 });
    subscriber.on('message', (topic, payload) => seen.push({ topic, payload: Buffer.from(payload) }));
    await subscriber.subscribeAsync(`tp/v1/${BRANCH}/#`, { qos: 1 });
  });

  afterAll(async () => {
    await publisher?.stop();
    await subscriber?.endAsync(true);
    await broker?.stop();
    dir.remove();
  });

  /** Test events the subscriber saw, in arrival order. */
  const seenEvents = () =>
    seen.flatMap(({ topic, payload }) => {
      const decoded = decodeMessage(topic, payload);
      if (!decoded.ok) return [];
      const seq = seqOf(decoded.event as never);
      return seq === null ? [] : [{ seq, id: decoded.event.id }];
    });
  const distinctSeen = () => new Set(seenEvents().map((e) => e.id)).size;

  it('delivers every event exactly once, in order, across a broker outage and an edge restart', async () => {
    const started = Date.now();
    const published = new Map<number, string>(); // seq → id returned by publish()
    let next = 0;
    const publishOne = async (edge: EdgePublisher): Promise<void> => {
      const seq = next++;
      const event = seq % 10 === 9
        ? await edge.publish('tp.distress.detected', { zoneId: 'lobby', kind: 'help-request', severity: 'high', confidence: 1, durationS: seq })
        : await edge.publish('tp.queue.observed', { zoneId: 'teller-line', count: seq, waitEstimateS: 30, confidence: 0.8, windowS: 10 });
      published.set(seq, event.id);
    };

    publisher = new EdgePublisher(config());
    await publisher.start();
    await until('the edge connected', () => publisher!.stats().connected);

    // A stream of events; the broker is stopped (SIGTERM) as soon as the subscriber has some of them, while more keep coming.
    let stopping: Promise<void> | null = null;
    let atStop = publisher.stats();
    while (next < 60) {
      await publishOne(publisher);
      await tick();
      if (!stopping && distinctSeen() >= 10) {
        // A burst, so the edge has a full window in flight when the broker goes.
        for (let i = 0; i < 20; i++) await publishOne(publisher);
        await tick();
        atStop = publisher.stats();
        stopping = broker.stop();
      }
    }
    await (stopping ?? until('the first events at the subscriber', () => distinctSeen() >= 10).then(() => broker.stop()));
    const deliveredBeforeOutage = distinctSeen();
    await until('the edge noticed the outage', () => !publisher!.stats().connected);

    // While the broker is down: publish() still resolves, the events wait on disk.
    for (let i = 0; i < 60; i++) await publishOne(publisher);
    const queuedDuringOutage = publisher.stats().queued;
    expect(queuedDuringOutage).toBeGreaterThanOrEqual(60);
    expect(queuedDuringOutage).toBe(next - publisher.stats().sent); // published = acknowledged + queued: nothing went missing

    // The edge process restarts with events queued: a new publisher on the same outbox keeps them all.
    await publisher.stop();
    publisher = new EdgePublisher(config());
    await publisher.start();
    expect(publisher.stats().queued).toBe(queuedDuringOutage);
    for (let i = 0; i < 30; i++) await publishOne(publisher);
    expect(publisher.stats()).toMatchObject({ queued: queuedDuringOutage + 30, connected: false, dropped: 0 });

    // The broker comes back: the backlog drains in order.
    const restartAt = Date.now();
    await broker.restart();
    await until(`all ${next} events at the subscriber`, () => distinctSeen() === next, 20_000);
    await until('an empty outbox', () => publisher!.stats().queued === 0);
    const drainedMs = Date.now() - restartAt;

    const events = seenEvents();
    const firstSeen: number[] = [];
    const idsBySeq = new Map<number, Set<string>>();
    const ids = new Set<string>();
    for (const { seq, id } of events) {
      if (!ids.has(id)) firstSeen.push(seq);
      ids.add(id);
      idsBySeq.set(seq, (idsBySeq.get(seq) ?? new Set()).add(id));
    }
    console.log(
      `edge outbox: ${next} events published (broker stopped with ${atStop.queued} unacknowledged at the edge, ${atStop.inFlight} of them in flight; ` +
        `${deliveredBeforeOutage} delivered before the outage, ${queuedDuringOutage} queued during it, ` +
        `edge restarted with them queued); after the broker restart drained in ${drainedMs} ms; subscriber saw ${events.length} messages, ` +
        `${ids.size} distinct ids (${events.length - ids.size} QoS 1 redeliveries); ${Date.now() - started} ms in all`,
    );
    reportFault('broker-restart-edge-outbox', {
      sent: next, acknowledged: next - publisher.stats().queued, stored: ids.size,
      duplicates: [...idsBySeq.values()].filter((seqIds) => seqIds.size > 1).length, lost: next - new Set(firstSeen).size,
    }, { storedBy: 'a persistent QoS 1 subscriber', unackedAtStop: atStop.queued, inFlightAtStop: atStop.inFlight, queuedDuringOutage, edgeRestarted: true, redeliveries: events.length - ids.size, drainedMs });
    expect(deliveredBeforeOutage).toBeLessThan(60); // the outage really was mid-stream
    expect(firstSeen).toEqual([...Array(next).keys()]); // nothing lost, first arrivals in order
    for (const [seq, seqIds] of idsBySeq) expect([...seqIds], `seq ${seq}`).toEqual([published.get(seq)]); // one id per publish()
    expect(publisher.stats()).toMatchObject({ queued: 0, inFlight: 0, dropped: 0, connected: true });
  }, 40_000);

  it('has published only small, valid, image-free payloads', () => {
    expect(seen.length).toBeGreaterThan(150);
    const statuses = seen.filter(({ topic }) => topic.endsWith('/status'));
    expect(statuses.length).toBeGreaterThan(0); // the retained online status, on every connect
    for (const { topic, payload } of seen) {
      expect(payload.byteLength, topic).toBeLessThanOrEqual(MAX_EDGE_PAYLOAD_BYTES);
      const decoded = decodeMessage(topic, payload);
      expect(decoded.ok, JSON.stringify(decoded)).toBe(true);
      const text = payload.toString('utf8');
      expect(text).not.toMatch(/data:image/i);
      expect(text).not.toMatch(/[A-Za-z0-9+/=_-]{200,}/); // no base64 blob
      expect(keysOf(JSON.parse(text)).filter((key) => /image|frame|crop|jpe?g|png|thumb|embedding|descriptor|face|pixel/i.test(key))).toEqual([]);
    }
  });
});

function keysOf(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

/** A TCP relay in front of the hub's broker: `cut()` kills every connection (no DISCONNECT) and stops listening. */
function tcpRelay(targetPort: number) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  return {
    listen(port = 0): Promise<number> {
      server = net.createServer((downstream) => {
        const upstream = net.connect(targetPort, '127.0.0.1');
        const close = () => { downstream.destroy(); upstream.destroy(); sockets.delete(downstream); sockets.delete(upstream); };
        for (const socket of [downstream, upstream]) {
          sockets.add(socket);
          socket.on('error', close);
          socket.on('close', close);
        }
        downstream.pipe(upstream);
        upstream.pipe(downstream);
      });
      return new Promise((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port));
      });
    },
    async cut(): Promise<void> {
      const closing = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
      for (const socket of sockets) socket.destroy();
      await closing;
      server = null;
    },
  };
}

describe('edge publisher with the real hub', () => {
  let hub: TestHub;
  const dir = tempDir('tp-edge-hub-');
  let publisher: EdgePublisher | undefined;
  let relay: ReturnType<typeof tcpRelay> | undefined;

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await publisher?.stop();
    await relay?.cut();
    await hub?.close();
    dir.remove();
  });

  async function node(sourceId: string) {
    const response = await hub.request('/api/v1/state');
    const state = (await response.json()) as { nodes: { sourceId: string; online: boolean; version?: string; cameras: { cameraId: string; state: string }[] }[] };
    return state.nodes.find((n) => n.sourceId === sourceId);
  }

  it('stores the edge\'s events and shows the node offline when its connection is cut (last will)', async () => {
    const sourceId = 'cam-edge-e2e';
    const response = await hub.request('/api/v1/devices', { method: 'POST', json: { kind: 'edge', sourceId, name: 'Outbox e2e camera' } });
    expect(response.status).toBe(201);
    const { mqtt: credentials } = (await response.json()) as { mqtt: { username: string; password: string; topicPrefix: string } };
    expect(credentials.topicPrefix).toBe(`tp/v1/${hub.branchId}/edge/${sourceId}/`);

    // The edge reaches the hub's broker through a relay the test can cut.
    const target = tcpRelay(Number(new URL(hub.mqttUrl).port));
    relay = target;
    const relayPort = await target.listen();

    publisher = new EdgePublisher({
      branchId: hub.branchId,
      sourceId,
      broker: { url: `mqtt://127.0.0.1:${relayPort}`, username: credentials.username, password: credentials.password },
      dataDir: dir.path,
      version: '0.1.0-test',
      reconnectMinMs: 100,
      reconnectMaxMs: 300,
    });
    await publisher.start();
    publisher.setStatus({ backend: 'wasm', cameras: [{ cameraId: sourceId, state: 'ok', fps: 5, restarts: 0 }] });

    const ids: string[] = [];
    for (let count = 1; count <= 3; count++) {
      ids.push((await publisher.publish('tp.queue.observed', { zoneId: 'teller-line', count, waitEstimateS: 60 * count, confidence: 0.9, windowS: 10 })).id);
    }
    ids.push((await publisher.publish('tp.distress.detected', { zoneId: 'lobby', kind: 'fall', severity: 'high', confidence: 0.8, durationS: 4 })).id);

    const stored = await until('the events in hub.db.event', async () => {
      const rows = await hub.db.event.findMany({ where: { id: { in: ids } } });
      return rows.length === ids.length ? rows : null;
    });
    const byId = new Map(stored.map((row) => [row.id, row]));
    expect(ids.map((id) => [byId.get(id)?.sourceId, byId.get(id)?.type])).toEqual([
      [sourceId, 'tp.queue.observed'], [sourceId, 'tp.queue.observed'], [sourceId, 'tp.queue.observed'], [sourceId, 'tp.distress.detected'],
    ]);
    const online = await until('the node online with its camera', async () => {
      const n = await node(sourceId);
      return n?.online && n.cameras.length === 1 ? n : null;
    });
    expect(online).toMatchObject({ version: '0.1.0-test', cameras: [{ cameraId: sourceId, state: 'ok' }], outbox: { queued: expect.any(Number), dropped: 0 } });
    await until('the outbox drained', () => publisher!.stats().queued === 0);

    // Cut the connection: no DISCONNECT reaches the broker, so it publishes the will.
    await target.cut();
    const offline = await until('the node offline (last will)', async () => {
      const n = await node(sourceId);
      return n && !n.online ? n : null;
    });
    expect(offline.cameras).toEqual([expect.objectContaining({ cameraId: sourceId, state: 'offline' })]);
    await until('the edge noticed', () => !publisher!.stats().connected);

    // Events during the cut wait in the outbox and arrive once the path is back.
    const during = [
      (await publisher.publish('tp.queue.observed', { zoneId: 'teller-line', count: 7, waitEstimateS: 420, confidence: 0.9, windowS: 10 })).id,
      (await publisher.publish('tp.distress.detected', { zoneId: 'lobby', kind: 'long-wait', severity: 'medium', confidence: 0.9, durationS: 900 })).id,
    ];
    expect(publisher.stats().queued).toBe(2);
    await target.listen(relayPort);
    await until('the node online again', async () => (await node(sourceId))?.online);
    await until('the backlog in hub.db.event', async () => (await hub.db.event.count({ where: { id: { in: during } } })) === 2);
    await until('the outbox drained again', () => publisher!.stats().queued === 0);
    const storedIds = (await hub.db.event.findMany({ where: { sourceId, type: { not: 'tp.edge.status' } }, select: { id: true } })).map((row) => row.id);
    const sentIds = [...ids, ...during];
    reportFault('edge-connection-reset', {
      sent: sentIds.length, acknowledged: sentIds.length - publisher.stats().queued, stored: new Set(storedIds).size, duplicates: storedIds.length - new Set(storedIds).size,
      lost: sentIds.filter((id) => !storedIds.includes(id)).length,
    }, { simulated: 'TCP relay closed (RST), no DISCONNECT', queuedDuringCut: during.length, offlineShown: true });
    expect(await hub.db.event.count({ where: { sourceId, type: { not: 'tp.edge.status' } } })).toBe(6);
    expect(await hub.db.deadLetter.count()).toBe(0);

    // A clean stop publishes the offline status itself (the broker sends no will after a DISCONNECT).
    await publisher.stop();
    publisher = undefined;
    await until('the node offline after a clean stop', async () => (await node(sourceId))?.online === false);
  }, 30_000);
});
