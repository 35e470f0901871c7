/**
 * The publish stage: events go to the on-disk outbox first, then to the broker over MQTT with
 * QoS 1, in order, a bounded window at a time; each leaves the outbox only after its PUBACK. While
 * the broker is unreachable events wait on disk and are sent, in order, once it is back; an event
 * whose PUBACK was lost is sent again with the same id, which the hub stores once.
 *
 * The node's status (`.../status`, retained) is latest-wins and does not go through the outbox: it
 * is published on every connect and on `setStatus`, and `{"online":false}` is the MQTT last will,
 * renewed (new id, new time) on every connection. Every payload is checked to be at most 4 KiB.
 *
 * One mqtt.js client per connection attempt (mqtt.js reconnects at a fixed period; this backs off
 * exponentially with jitter): its callbacks only record what happened and schedule `#pump`.
 */
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { createEvent, type CloudEvent } from '../../protocol/envelope.ts';
import { EVENT_TYPES, type EventData, type EventType } from '../../protocol/events.ts';
import { buildTopic, isId, type SourceKind } from '../../protocol/topics.ts';
import { Outbox, type DropCounts } from './outbox.ts';

/** An edge payload is counts, zones, scores and durations: a few hundred bytes. Anything near this is a bug. */
export const MAX_EDGE_PAYLOAD_BYTES = 4096;
const STABLE_CONNECTION_MS = 10_000;

/** Event types that go through the outbox (status is latest-wins; summaries come from the hub). */
export type OutboxEventType = Exclude<EventType, 'tp.edge.status' | 'tp.branch.summary'>;
/** What `setStatus` takes: the status without `online`, which the publisher owns. */
export type StatusData = Omit<EventData<'tp.edge.status'>, 'online' | 'outbox'>;
/** The retained status is sent again this often, so uptime and the outbox figures stay current. */
export const STATUS_EVERY_MS = 60_000;

const id = z.string().refine(isId, 'lower-case letters, digits and dashes (max 63)');
const positiveMs = z.number().int().positive();

export const publisherConfigSchema = z.strictObject({
  branchId: id,
  sourceId: id.describe('this node’s id in topics (the edge config’s nodeId)'),
  sourceKind: z.enum(['edge', 'kiosk']).default('edge'),
  broker: z.strictObject({
    url: z.string().regex(/^(mqtts?|wss?):\/\//, 'mqtt://, mqtts://, ws:// or wss:// URL'),
    username: z.string().min(1),
    password: z.string().min(1),
    ca: z.string().min(1).optional().describe("PEM file of the CA that signed the broker's certificate (mqtts://, wss://), e.g. the branch's own; the system's CAs otherwise"),
  }),
  dataDir: z.string().min(1).describe('the outbox lives here (events only, never images)'),
  clientId: z.string().min(1).max(64).optional().describe('stable MQTT client id; default tp-{sourceKind}-{sourceId}'),
  version: z.string().max(64).optional().describe('reported in the status'),
  outbox: z.strictObject({
    maxEvents: z.number().int().positive().optional(),
    maxBytes: z.number().int().positive().optional(),
    synchronous: z.enum(['FULL', 'NORMAL']).optional(),
  }).default({}),
  maxInFlight: z.number().int().min(1).max(1000).default(32).describe('QoS 1 messages awaiting PUBACK at once'),
  keepaliveS: z.number().int().min(1).max(3600).default(15).describe('the broker sends the last will after 1.5 × this without a packet'),
  connectTimeoutMs: positiveMs.default(10_000),
  reconnectMinMs: positiveMs.default(500).describe('first back-off after a lost connection; doubles up to reconnectMaxMs'),
  reconnectMaxMs: positiveMs.default(30_000),
  stopTimeoutMs: positiveMs.default(3000).describe('on stop, how long to wait for PUBACKs and the offline status'),
});
export type PublisherConfigInput = z.input<typeof publisherConfigSchema>;
type PublisherConfig = z.output<typeof publisherConfigSchema>;

export interface PublisherStats {
  /** In the outbox: not yet acknowledged by the broker (includes those in flight). */
  queued: number;
  queuedBytes: number;
  inFlight: number;
  /** Acknowledged by the broker since start(). */
  sent: number;
  /** Dropped because the outbox was full, since the outbox was created. */
  dropped: number;
  droppedByKind: DropCounts['byKind'];
  connected: boolean;
}

/** Serialises an event and refuses one over {@link MAX_EDGE_PAYLOAD_BYTES}. */
export function encodeEdgePayload(event: CloudEvent): string {
  const payload = JSON.stringify(event);
  const bytes = Buffer.byteLength(payload);
  if (bytes > MAX_EDGE_PAYLOAD_BYTES) {
    throw new Error(`${event.type} payload is ${bytes} bytes; an edge event may be at most ${MAX_EDGE_PAYLOAD_BYTES} (counts, zones, scores and durations only)`);
  }
  return payload;
}

export class EdgePublisher {
  readonly #config: PublisherConfig;
  readonly #log: Logger;
  #outbox: Outbox | null = null;
  #statusTimer: NodeJS.Timeout | null = null;
  #client: MqttClient | null = null;
  /** Bumped per connection; callbacks of an older connection change nothing but the outbox. */
  #generation = 0;
  #connected = false;
  #stopping = false;
  #stopped: Promise<void> | null = null;
  #startedAt = 0;
  #attempt = 0;
  #connectedAt = 0;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #pumpScheduled = false;
  /** Highest sequence number handed to the current connection. */
  #cursor = 0;
  #inFlight = new Set<number>();
  #acked: number[] = [];
  #sent = 0;
  #status: StatusData = {};
  #lastDropWarning = 0;
  /** The broker's CA (broker.ca), read at start. */
  #ca: Buffer | undefined;

  constructor(config: PublisherConfigInput, deps: { log?: Logger } = {}) {
    this.#config = publisherConfigSchema.parse(config);
    this.#log = (deps.log ?? pino({ level: 'silent' })).child({ module: 'edge:publish' });
  }

  get #source(): { branchId: string; sourceKind: SourceKind; sourceId: string } {
    const { branchId, sourceKind, sourceId } = this.#config;
    return { branchId, sourceKind, sourceId };
  }

  /** Opens the outbox and starts connecting; resolves at once (events queue until the broker is reachable). */
  async start(): Promise<void> {
    if (this.#outbox) return;
    const { dataDir, outbox, version, broker } = this.#config;
    this.#ca = broker.ca ? readFileSync(broker.ca) : undefined;
    this.#outbox = Outbox.open({ dir: dataDir, ...outbox });
    this.#stopping = false;
    this.#attempt = 0;
    this.#startedAt = Date.now();
    this.#sent = 0;
    this.#status = version ? { version } : {};
    this.#log.info({ queued: this.#outbox.size(), dropped: this.#outbox.dropped().total, file: this.#outbox.file }, 'outbox open');
    this.#statusTimer = setInterval(() => {
      if (this.#connected && this.#client) this.#publishStatus(this.#client);
    }, STATUS_EVERY_MS);
    this.#statusTimer.unref();
    this.#connect();
  }

  /**
   * Validates the event, then commits it to the outbox; resolved means it survives a crash or an
   * outage. Sending happens in the background.
   */
  async publish<T extends OutboxEventType>(type: T, data: EventData<T>): Promise<CloudEvent<T>> {
    const outbox = this.#requireStarted();
    const spec = EVENT_TYPES[type];
    if (!spec || type === ('tp.edge.status' as EventType) || type === ('tp.branch.summary' as EventType)) {
      throw new Error(`${String(type)} cannot be published through the outbox`);
    }
    if (!(spec.sourceKinds as readonly string[]).includes(this.#config.sourceKind)) {
      throw new Error(`${type} may not come from a source of kind ${this.#config.sourceKind}`);
    }
    const event = createEvent(type, this.#source, data);
    const payload = encodeEdgePayload(event);
    const { dropped } = outbox.append(buildTopic({ ...this.#source, eventKind: spec.eventKind }), payload);
    if (dropped.length > 0) this.#warnDropped();
    this.#schedulePump();
    return event;
  }

  /** Publishes the retained status now (or at the next connect): latest wins, merged with what was set before. */
  setStatus(data: StatusData): void {
    this.#requireStarted();
    const next = { ...this.#status, ...data };
    encodeEdgePayload(this.#statusEvent(true, next)); // refuse an oversized status here, not at the next connect
    this.#status = next;
    if (this.#connected && this.#client) this.#publishStatus(this.#client);
  }

  stats(): PublisherStats {
    const outbox = this.#outbox;
    const dropped = outbox?.dropped() ?? { total: 0, byKind: {} };
    return {
      queued: outbox?.size() ?? 0,
      queuedBytes: outbox?.bytes() ?? 0,
      inFlight: this.#inFlight.size,
      sent: this.#sent,
      dropped: dropped.total,
      droppedByKind: dropped.byKind,
      connected: this.#connected,
    };
  }

  /**
   * Waits (bounded) for the PUBACKs in flight, publishes the retained offline status, disconnects
   * cleanly (so the broker does not send the will) and closes the outbox. Unacknowledged events stay
   * in the outbox for the next start.
   */
  stop(): Promise<void> {
    this.#stopped ??= this.#shutdown().finally(() => { this.#stopped = null; });
    return this.#stopped;
  }

  async #shutdown(): Promise<void> {
    const outbox = this.#outbox;
    if (!outbox) return;
    this.#stopping = true;
    if (this.#statusTimer) clearInterval(this.#statusTimer);
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    const client = this.#client;
    const deadline = Date.now() + this.#config.stopTimeoutMs;
    if (client && this.#connected) {
      await until(() => this.#inFlight.size === 0 || !this.#connected, deadline);
      if (this.#connected) {
        const offline = encodeEdgePayload(this.#statusEvent(false));
        await within(client.publishAsync(this.#statusTopic(), offline, { qos: 1, retain: true }), deadline).catch(() => undefined);
      }
      await within(client.endAsync(false), deadline).catch(() => undefined);
    }
    client?.end(true);
    this.#client = null;
    this.#connected = false;
    this.#generation += 1;
    this.#inFlight.clear();
    outbox.remove(this.#acked.splice(0));
    outbox.close();
    this.#outbox = null;
    this.#log.info({ sent: this.#sent }, 'publisher stopped');
  }

  #requireStarted(): Outbox {
    if (!this.#outbox || this.#stopping) throw new Error('EdgePublisher is not running: call start() first');
    return this.#outbox;
  }

  #statusTopic(): string {
    return buildTopic({ ...this.#source, eventKind: 'status' });
  }

  #statusEvent(online: boolean, status: StatusData = this.#status): CloudEvent<'tp.edge.status'> {
    const outbox = this.#outbox ? { queued: this.#outbox.size(), dropped: this.#outbox.dropped().total } : undefined;
    const data = online ? { uptimeS: Math.round((Date.now() - this.#startedAt) / 1000), ...status, ...(outbox ? { outbox } : {}), online } : { online };
    return createEvent('tp.edge.status', this.#source, data);
  }

  // ---- transport: connect, reconnect with back-off, callbacks that only record ----

  #connect(): void {
    this.#reconnectTimer = null;
    if (this.#stopping) return;
    const generation = ++this.#generation;
    const { broker, clientId, keepaliveS, connectTimeoutMs, sourceKind, sourceId } = this.#config;
    const client = mqtt.connect(broker.url, {
      ...(this.#ca ? { ca: this.#ca } : {}),
      clientId: clientId ?? `tp-${sourceKind}-${sourceId}`,
      username: broker.username,
      password: broker.password,
      protocolVersion: 4,
      clean: true,
      keepalive: keepaliveS,
      connectTimeout: connectTimeoutMs,
      reconnectPeriod: 0,
      resubscribe: false,
      queueQoSZero: false,
      // Registered now, so its time is this connection's start (see protocol/README.md).
      will: { topic: this.#statusTopic(), payload: Buffer.from(encodeEdgePayload(this.#statusEvent(false))), qos: 1, retain: true },
    });
    this.#client = client;
    client.on('connect', () => this.#onConnect(client, generation));
    client.on('close', () => this.#onClose(client, generation));
    client.on('error', (error) => {
      // A numeric code is the broker's refusal (e.g. 5, not authorised): worth a warning; socket errors repeat during an outage.
      const code = (error as { code?: unknown }).code;
      this.#log[typeof code === 'number' ? 'warn' : 'debug']({ err: error.message, code }, 'MQTT error');
    });
  }

  #onConnect(client: MqttClient, generation: number): void {
    if (generation !== this.#generation) return;
    this.#connected = true;
    this.#connectedAt = Date.now();
    this.#cursor = 0;
    this.#inFlight.clear();
    this.#log.info({ queued: this.#outbox?.size() }, 'connected to the broker');
    this.#publishStatus(client);
    this.#schedulePump();
  }

  #onClose(client: MqttClient, generation: number): void {
    if (generation !== this.#generation) return;
    const wasConnected = this.#connected;
    this.#connected = false;
    this.#generation += 1;
    this.#inFlight.clear();
    // Fails this connection's pending callbacks (ignored: their entries stay in the outbox).
    client.end(true);
    if (this.#stopping) return;
    // The back-off starts again only after a connection that held; one that keeps being dropped
    // (a duplicate client id, a broker that refuses the will) keeps backing off.
    if (wasConnected && Date.now() - this.#connectedAt >= STABLE_CONNECTION_MS) this.#attempt = 0;
    // Warn once per outage (lost, or unreachable from the start); the retries log at debug.
    const level = wasConnected || this.#attempt === 0 ? 'warn' : 'debug';
    const delay = backoff(this.#attempt++, this.#config.reconnectMinMs, this.#config.reconnectMaxMs);
    this.#log[level]({ retryInMs: delay, queued: this.#outbox?.size() }, wasConnected ? 'lost the broker; events queue on disk' : 'broker unreachable; events queue on disk');
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  #onPuback(generation: number, seq: number, error: Error | undefined): void {
    if (error) return; // connection closed first: the entry is sent again on the next one
    this.#acked.push(seq);
    this.#sent += 1;
    if (generation === this.#generation) this.#inFlight.delete(seq);
    this.#schedulePump();
  }

  #publishStatus(client: MqttClient): void {
    const payload = encodeEdgePayload(this.#statusEvent(true));
    client.publish(this.#statusTopic(), payload, { qos: 1, retain: true }, (error) => {
      if (error) this.#log.debug({ err: error.message }, 'status not acknowledged; sent again on the next connect');
    });
  }

  // ---- the sender: acknowledged entries leave the outbox, the window is refilled in order ----

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      try {
        this.#pump();
      } catch (error) {
        this.#log.error({ err: error }, 'outbox pump failed');
      }
    });
  }

  #pump(): void {
    const outbox = this.#outbox;
    if (!outbox) return;
    if (this.#acked.length > 0) outbox.remove(this.#acked.splice(0));
    const client = this.#client;
    if (!client || !this.#connected || this.#stopping) return;
    const generation = this.#generation;
    for (const entry of outbox.peek(this.#config.maxInFlight - this.#inFlight.size, this.#cursor)) {
      this.#cursor = entry.seq;
      this.#inFlight.add(entry.seq);
      client.publish(entry.topic, entry.payload, { qos: 1 }, (error) => this.#onPuback(generation, entry.seq, error));
    }
  }

  #warnDropped(): void {
    const now = Date.now();
    if (now - this.#lastDropWarning < 60_000) return;
    this.#lastDropWarning = now;
    const { total, byKind } = this.#outbox!.dropped();
    this.#log.warn({ dropped: total, byKind, queued: this.#outbox!.size() }, 'outbox full: dropping the oldest low-value events');
  }
}

/** Exponential back-off with jitter: min·2^attempt, capped at max, then 50-100 % of that. */
export function backoff(attempt: number, minMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

async function until(done: () => boolean, deadline: number): Promise<void> {
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

function within<T>(promise: Promise<T>, deadline: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), Math.max(0, deadline - Date.now()));
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(error as Error); },
    );
  });
}
