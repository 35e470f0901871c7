/**
 * The soak's edge nodes: one MQTT client per camera, as `edge/pipeline/publish.ts` connects
 * (its own client id, clean session, keepalive 15 s, the retained offline status as last will),
 * publishing CloudEvents at QoS 1. Every event's id is kept; PUBACK is timed from the publish.
 * Queue counts also wait for their `zone` push on the floor tablet (matched by zone and time).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { createEvent } from '../protocol/envelope.ts';
import type { EventData, EventType } from '../protocol/events.ts';
import { buildTopic, type EventKind } from '../protocol/topics.ts';
import type { Latencies } from './soak-stats.ts';

type EdgeEvent = Exclude<EventType, 'tp.branch.summary'>;
const EVENT_KIND: Record<EdgeEvent, EventKind> = { 'tp.queue.observed': 'queue', 'tp.distress.detected': 'distress', 'tp.kiosk.session': 'kiosk', 'tp.edge.status': 'status' };

export interface EdgeCredentials {
  sourceId: string;
  username: string;
  password: string;
}

interface Node {
  sourceId: string;
  client: MqttClient;
  startedAt: number;
}

export class EdgeFleet {
  /** Distinct event ids published (will messages apart), by type. */
  readonly sent = new Set<string>();
  readonly sentByType = new Map<EdgeEvent, number>();
  readonly acked = new Set<string>();
  /** Each node's last-will event id: stored only if a connection dropped. */
  readonly willIds = new Set<string>();
  publishErrors: string[] = [];
  disconnects = 0;
  #stopping = false;
  /** Counts waiting for their floor push: `zoneId|time` → publish time. */
  readonly #pushWaiting = new Map<string, { sentAt: number; counted: boolean }>();
  #pushesSeen = 0;
  #pushesExpected = 0;
  #nodes = new Map<string, Node>();

  constructor(private readonly deps: { url: string; branchId: string; latencies: Latencies }) {}

  async connect(devices: EdgeCredentials[]): Promise<void> {
    await Promise.all(devices.map(async ({ sourceId, username, password }) => {
      const willId = this.#source(sourceId);
      const will = createEvent('tp.edge.status', willId, { online: false });
      this.willIds.add(will.id);
      const client = await mqtt.connectAsync(this.deps.url, {
        clientId: `tp-edge-${sourceId}`, username, password, protocolVersion: 4, clean: true, keepalive: 15, reconnectPeriod: 1000,
        will: { topic: this.#topic(sourceId, 'tp.edge.status'), payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
      });
      client.on('close', () => void (this.#stopping || this.disconnects++));
      client.on('error', (error) => void (this.publishErrors.length < 5 && this.publishErrors.push(`${sourceId}: ${error.message}`)));
      this.#nodes.set(sourceId, { sourceId, client, startedAt: Date.now() });
    }));
  }

  /** Publishes one event from `sourceId`; returns its id. */
  publish<T extends EdgeEvent>(sourceId: string, type: T, data: EventData<T>): string {
    const node = this.#nodes.get(sourceId);
    if (!node) throw new Error(`no edge node ${sourceId}`);
    const event = createEvent(type, this.#source(sourceId), data);
    const sentAt = performance.now();
    this.sent.add(event.id);
    this.sentByType.set(type, (this.sentByType.get(type) ?? 0) + 1);
    if (type === 'tp.queue.observed') {
      const counted = this.deps.latencies.recording;
      this.#pushWaiting.set(`${(data as EventData<'tp.queue.observed'>).zoneId}|${event.time}`, { sentAt, counted });
      if (counted) this.#pushesExpected++;
    }
    node.client.publish(this.#topic(sourceId, type), JSON.stringify(event), { qos: 1, retain: type === 'tp.edge.status' }, (error) => {
      if (error) {
        if (this.publishErrors.length < 5) this.publishErrors.push(`${sourceId}: ${error.message}`);
        return;
      }
      this.acked.add(event.id);
      this.deps.latencies.add('publish → PUBACK', performance.now() - sentAt);
    });
    return event.id;
  }

  /** The retained live status a node sends every minute (at scale, more often). */
  publishStatus(sourceId: string): string {
    const node = this.#nodes.get(sourceId)!;
    return this.publish(sourceId, 'tp.edge.status', {
      online: true, version: '0.1.0', uptimeS: Math.round((Date.now() - node.startedAt) / 1000), backend: 'wasm',
      cameras: [{ cameraId: sourceId, state: 'ok', fps: 5, restarts: 0 }], outbox: { queued: 0, dropped: 0 },
    });
  }

  /** The floor tablet got a `zone` push: times it against its publish. */
  zonePushed(zoneId: string, updatedAt: string): void {
    const key = `${zoneId}|${updatedAt}`;
    const waiting = this.#pushWaiting.get(key);
    if (waiting === undefined) return;
    this.#pushWaiting.delete(key);
    if (waiting.counted) this.#pushesSeen++;
    this.deps.latencies.add('publish → floor push', performance.now() - waiting.sentAt);
  }

  /** Queue counts published while recording whose push has not come (yet). */
  pushesMissing(): number {
    return this.#pushesExpected - this.#pushesSeen;
  }

  unacked(): number {
    return this.sent.size - this.acked.size;
  }

  /** Waits until every event is acknowledged, or nothing moved for `stallMs`. */
  async settle(stallMs: number): Promise<void> {
    let last = this.acked.size;
    let lastMove = performance.now();
    while (this.unacked() > 0 && performance.now() - lastMove < stallMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (this.acked.size !== last) (last = this.acked.size), (lastMove = performance.now());
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all([...this.#nodes.values()].map((node) => node.client.endAsync().catch(() => undefined)));
  }

  #source(sourceId: string) {
    return { branchId: this.deps.branchId, sourceKind: 'edge' as const, sourceId };
  }

  #topic(sourceId: string, type: EdgeEvent): string {
    return buildTopic({ branchId: this.deps.branchId, sourceKind: 'edge', sourceId, eventKind: EVENT_KIND[type] });
  }
}
