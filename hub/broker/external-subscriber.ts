/**
 * Ingest from an external broker (MQTT_URL, e.g. Mosquitto). The hub keeps a persistent session
 * (fixed client id, clean session off) subscribed at QoS 1, so the broker queues events while the
 * hub is down, and it acknowledges each message only after ingest has committed it: a hub killed
 * mid-burst gets the unacknowledged messages again when it reconnects.
 *
 * A small MQTT 3.1.1 client of its own on mqtt-packet, because mqtt.js handles one incoming
 * message at a time when its acknowledgement waits for a commit, which would make every event its
 * own transaction. Here every message read from the socket goes to ingest at once, so a burst is
 * committed in large batches, and PUBACKs still leave in the order the messages came [MQTT-4.6.0-2].
 */
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { IncomingMessage } from '../ingest/ingest.ts';
import type { Logger } from '../logger.ts';

export interface ExternalSubscriberOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** For mqtts://: the CA certificates to trust instead of the system's (MQTT_CA). */
  ca?: Buffer;
  /** The topic filter of the persistent subscription, e.g. the branch's wildcard. */
  topic: string;
  /** Commits a message; its PUBACK waits for this. */
  submit(message: IncomingMessage): Promise<unknown>;
  /** Messages under the filter that are not this subscriber's (acknowledged, not submitted). */
  ignore?(topic: string): boolean;
  log: Logger;
  keepaliveS?: number;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;
const SUBSCRIBE_ID = 1;

interface PendingAck {
  messageId: number;
  done: boolean;
}

export class ExternalSubscriber {
  #socket: Socket | null = null;
  #connected = false;
  #stopping = false;
  #reconnectDelay = RECONNECT_MIN_MS;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #pingTimer: NodeJS.Timeout | null = null;
  #awaitingPong = false;
  #acks: PendingAck[] = [];
  #firstConnect: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(private readonly options: ExternalSubscriberOptions) {}

  get connected(): boolean {
    return this.#connected;
  }

  /**
   * Resolves at the first connection, or after `waitMs` while it keeps trying in the background
   * (the hub then starts and /healthz says the broker is unreachable); refused credentials reject.
   */
  start(waitMs = 10_000): Promise<void> {
    const url = new URL(this.options.url);
    if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') {
      return Promise.reject(new Error(`MQTT_URL must be mqtt://host:port or mqtts://host:port, not ${this.options.url}`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.options.log.warn({ url: this.options.url }, 'external MQTT broker not reachable yet; starting anyway and retrying');
        this.#firstConnect = null;
        resolve();
      }, waitMs);
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        fn();
      };
      this.#firstConnect = { resolve: () => settle(resolve), reject: (error) => settle(() => reject(error)) };
      this.#connect();
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
      setTimeout(() => socket.destroy(), 2000).unref();
    });
  }

  #connect(): void {
    const { url: rawUrl, clientId, username, password, log } = this.options;
    const url = new URL(rawUrl);
    const secure = url.protocol === 'mqtts:';
    const port = Number(url.port || (secure ? 8883 : 1883));
    const socket = secure
      ? tlsConnect({ host: url.hostname, port, servername: isIP(url.hostname) ? undefined : url.hostname, ...(this.options.ca ? { ca: this.options.ca } : {}) })
      : tcpConnect({ host: url.hostname, port });
    this.#socket = socket;
    this.#acks = [];
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet: Packet) => this.#onPacket(socket, packet));
    parser.on('error', (error: Error) => {
      log.error({ err: error.message }, 'malformed packet from the broker; reconnecting');
      socket.destroy();
    });
    socket.on(secure ? 'secureConnect' : 'connect', () => {
      socket.write(mqttPacket.generate({
        cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: false, clientId,
        keepalive: this.options.keepaliveS ?? 30, ...(username ? { username } : {}), ...(password ? { password: Buffer.from(password) } : {}),
      }));
    });
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.on('error', (error) => log.warn({ err: error.message, url: rawUrl }, 'external MQTT broker connection error'));
    socket.on('close', () => this.#onClose(socket));
  }

  #onPacket(socket: Socket, packet: Packet): void {
    const { log, topic } = this.options;
    switch (packet.cmd) {
      case 'connack': {
        if (packet.returnCode !== 0) {
          const error = new Error(`external MQTT broker refused the hub (CONNACK ${packet.returnCode}); check MQTT_USERNAME and MQTT_PASSWORD`);
          log.error({ returnCode: packet.returnCode }, error.message);
          this.#firstConnect?.reject(error);
          this.#firstConnect = null;
          socket.destroy();
          return;
        }
        this.#connected = true;
        this.#reconnectDelay = RECONNECT_MIN_MS;
        log.info({ url: this.options.url, clientId: this.options.clientId, sessionPresent: packet.sessionPresent }, 'connected to external MQTT broker');
        // A new session has no subscription yet; a resumed one keeps it, and its queued messages.
        if (!packet.sessionPresent) {
          socket.write(mqttPacket.generate({ cmd: 'subscribe', messageId: SUBSCRIBE_ID, subscriptions: [{ topic, qos: 1 }] }));
        }
        this.#startPings(socket);
        this.#firstConnect?.resolve();
        this.#firstConnect = null;
        return;
      }
      case 'suback':
        if (packet.granted.some((granted) => (typeof granted === 'number' ? granted : (granted as { qos?: number }).qos) === 128)) {
          log.error({ topic }, 'external MQTT broker refused the subscription; check the ACL for the hub user');
        }
        return;
      case 'publish':
        this.#onPublish(socket, packet);
        return;
      case 'pingresp':
        this.#awaitingPong = false;
        return;
      default:
        log.debug({ cmd: packet.cmd }, 'ignored packet from the broker');
    }
  }

  #onPublish(socket: Socket, packet: mqttPacket.IPublishPacket): void {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const committed = this.options.ignore?.(packet.topic) ? Promise.resolve() : this.options.submit({ topic: packet.topic, payload });
    if (packet.qos === 0 || packet.messageId === undefined) {
      committed.catch((error: unknown) => this.options.log.error({ err: error, topic: packet.topic }, 'QoS 0 message could not be stored'));
      return;
    }
    const ack: PendingAck = { messageId: packet.messageId, done: false };
    this.#acks.push(ack);
    committed.then(
      () => {
        ack.done = true;
        this.#flushAcks(socket);
      },
      (error: unknown) => {
        // Not committed, so never acknowledged: drop the connection and the broker redelivers.
        this.options.log.error({ err: error, topic: packet.topic }, 'ingest could not commit; reconnecting so the broker redelivers');
        socket.destroy();
      },
    );
  }

  /** Sends the PUBACKs of committed messages, in the order the messages arrived. */
  #flushAcks(socket: Socket): void {
    if (socket !== this.#socket || socket.destroyed) return;
    let sent = 0;
    while (sent < this.#acks.length && this.#acks[sent]!.done) {
      socket.write(mqttPacket.generate({ cmd: 'puback', messageId: this.#acks[sent]!.messageId }));
      sent++;
    }
    if (sent > 0) this.#acks.splice(0, sent);
  }

  #startPings(socket: Socket): void {
    const everyMs = ((this.options.keepaliveS ?? 30) * 1000) / 2;
    this.#awaitingPong = false;
    this.#pingTimer = setInterval(() => {
      if (this.#awaitingPong) {
        this.options.log.warn('external MQTT broker stopped answering pings; reconnecting');
        socket.destroy();
        return;
      }
      this.#awaitingPong = true;
      socket.write(mqttPacket.generate({ cmd: 'pingreq' }));
    }, everyMs);
    this.#pingTimer.unref();
  }

  #onClose(socket: Socket): void {
    if (socket !== this.#socket) return;
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    const wasConnected = this.#connected;
    this.#connected = false;
    this.#acks = [];
    if (this.#stopping) return;
    if (wasConnected) this.options.log.warn({ url: this.options.url }, 'lost the external MQTT broker; reconnecting');
    this.#reconnectTimer = setTimeout(() => this.#connect(), this.#reconnectDelay);
    this.#reconnectDelay = Math.min(this.#reconnectDelay * 2, RECONNECT_MAX_MS);
  }
}
