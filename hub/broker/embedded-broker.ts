/**
 * The embedded MQTT broker (Aedes): TCP on MQTT_PORT, TLS on MQTTS_PORT when the hub has a
 * certificate (then plain TCP only on the loopback address), and MQTT over WebSocket at /mqtt on
 * the HTTP(S) port. Anonymous clients are refused; a client (a branch's device, or at HQ a
 * branch's uplink) publishes, subscribes and leaves its last will only under its own topic
 * prefix, and its client id is its own: another account using the same id neither takes its
 * connection over nor resumes its session (ids are kept per account). Every publish is handed to
 * `deliver` (ingest, or HQ's summary intake), and the broker sends PUBACK only after that has
 * committed it, so an acknowledged event survives the hub being killed at any instant. The hub
 * itself publishes and subscribes inside the process (`publish`, `subscribe`).
 */
import { createServer, type Server as NetServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Aedes, type Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { IncomingMessage as MqttMessage } from '../ingest/ingest.ts';
import type { Logger } from '../logger.ts';
import type { EventBus } from '../bus.ts';

const BAD_USERNAME_OR_PASSWORD = 4;

/** Who may connect: a username and the one topic prefix it may use. */
export interface BrokerPrincipal {
  username: string;
  topicPrefix: string;
}

/** The accounts the broker checks CONNECTs against: the branch's devices, HQ's uplinks. */
export interface BrokerAccounts<P extends BrokerPrincipal> {
  authenticate(username: string | undefined, password: string | undefined): P | null;
  /** False once revoked: its open connections are closed. */
  isActive(username: string): boolean;
  /** A client connected (last-seen bookkeeping). */
  seen(principal: P): Promise<void>;
}

export interface EmbeddedBrokerOptions<P extends BrokerPrincipal> {
  port: number;
  host: string;
  bus: EventBus;
  accounts: BrokerAccounts<P>;
  /** Commits a client's message; PUBACK waits for it, a rejection makes the client redeliver. */
  deliver(message: MqttMessage, principal: P): Promise<unknown>;
  log: Logger;
  /** MQTT over TLS on `port` with this key and certificate; plain TCP then listens on 127.0.0.1 only. */
  tls?: { key: Buffer; cert: Buffer; port: number } | null;
}

/** Aedes keys sessions, wills and takeovers by client id: each account gets its own id space. */
const accountClientId = (username: string, clientId: string) => `${username}/${clientId}`;

export class EmbeddedBroker<P extends BrokerPrincipal = BrokerPrincipal> {
  #aedes: Aedes | null = null;
  #tcp: NetServer | null = null;
  #tls: NetServer | null = null;
  #ws: WebSocketServer | null = null;
  #principals = new Map<Client, P>();
  #unsubscribe: (() => void) | null = null;

  constructor(private readonly options: EmbeddedBrokerOptions<P>) {}

  get port(): number {
    const address = this.#tcp?.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  /** The URL a device on the network uses, at the host name it reached the hub by: mqtts:// with TLS. */
  urlFor(host: string): string {
    return this.options.tls ? `mqtts://${host}:${this.tlsPort}` : `mqtt://${host}:${this.port}`;
  }

  /** The MQTT over TLS port, or null without TLS. */
  get tlsPort(): number | null {
    if (!this.options.tls) return null;
    const address = this.#tls?.address();
    return typeof address === 'object' && address ? address.port : this.options.tls.port;
  }

  async start(): Promise<void> {
    const { accounts, log } = this.options;
    const aedes = await Aedes.createBroker({ id: 'tp-hub', heartbeatInterval: 60_000, connectTimeout: 10_000 });
    this.#aedes = aedes;

    aedes.authenticate = (client, username, password, done) => {
      const principal = accounts.authenticate(username, password?.toString('utf8'));
      if (!principal) {
        log.warn({ clientId: client.id, username }, 'MQTT connection refused: bad username or password');
        return done(Object.assign(new Error('bad username or password'), { returnCode: BAD_USERNAME_OR_PASSWORD }), false);
      }
      client.id = accountClientId(principal.username, client.id);
      this.#principals.set(client, principal);
      done(null, true);
    };

    aedes.authorizePublish = (client, packet, done) => {
      const principal = client ? this.#principals.get(client) : undefined;
      if (!principal || !packet.topic.startsWith(principal.topicPrefix)) {
        log.warn({ clientId: client?.id, topic: packet.topic }, 'MQTT publish refused: outside the device topic prefix');
        return done(new Error(`not allowed to publish to ${packet.topic}`));
      }
      this.options.deliver({ topic: packet.topic, payload: packet.payload as Buffer, clientId: client?.id }, principal).then(
        () => done(null),
        (error: unknown) => {
          // Not committed, so not acknowledged: the client is disconnected and will redeliver.
          // One line per refused publish, without the stack: a full disk refuses every one of them
          // (storage-health.ts reports the fault itself, once, with the cause).
          log.warn({ reason: (error as Error).message.split('\n').at(-1), topic: packet.topic, clientId: client?.id }, 'ingest could not commit; publisher will retry');
          done(error as Error);
        },
      );
    };

    aedes.authorizeSubscribe = (client, subscription, done) => {
      const principal = this.#principals.get(client);
      if (!principal || !subscription.topic.startsWith(principal.topicPrefix)) {
        // SUBACK 0x80 for this filter [MQTT-3.9.3]; the client stays connected.
        log.warn({ clientId: client.id, topic: subscription.topic }, 'MQTT subscription refused: outside the device topic prefix');
        return done(null, null);
      }
      done(null, subscription);
    };

    aedes.on('clientError', (client, error) => log.debug({ clientId: client.id, err: error.message }, 'MQTT client error'));
    aedes.on('clientReady', (client) => {
      const principal = this.#principals.get(client);
      if (principal) accounts.seen(principal).catch((error: unknown) => log.warn({ err: error }, 'could not record last seen'));
    });
    aedes.on('clientDisconnect', (client) => this.#principals.delete(client));
    // A revoked device loses its open connections at once, not at its next reconnect.
    this.#unsubscribe = this.options.bus.on('config.changed', ({ entity }) => {
      if (entity !== 'device') return;
      for (const [client, principal] of this.#principals) {
        if (!accounts.isActive(principal.username)) {
          log.info({ username: principal.username }, 'revoked device disconnected');
          this.#principals.delete(client);
          client.close();
        }
      }
    });

    const tls = this.options.tls;
    // With TLS, credentials never cross the network in clear: plain MQTT is for this machine only.
    const plainHost = tls ? '127.0.0.1' : this.options.host;
    this.#tcp = await listen(createServer(aedes.handle), this.options.port, plainHost);
    if (tls) this.#tls = await listen(createTlsServer({ key: tls.key, cert: tls.cert }, aedes.handle), tls.port, this.options.host);
    log.info({ port: this.port, host: plainHost, tlsPort: this.tlsPort }, 'embedded MQTT broker listening');
  }

  /** Publishes from inside the hub (QoS 1); resolves once delivered to the current subscribers. */
  publish(topic: string, payload: Buffer): Promise<void> {
    const aedes = this.#aedes;
    if (!aedes) return Promise.reject(new Error('broker not started'));
    return new Promise((resolve, reject) => {
      aedes.publish({ cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false }, (error?: Error) => (error ? reject(error) : resolve()));
    });
  }

  /**
   * Subscribes from inside the hub: `handler` gets each message published under `filter` (by
   * clients or by `publish`); Aedes moves on once the returned promise settles.
   */
  subscribe(filter: string, handler: (message: MqttMessage) => Promise<unknown>): void {
    const aedes = this.#aedes;
    if (!aedes) throw new Error('broker not started');
    aedes.subscribe(filter, (packet, done) => {
      handler({ topic: packet.topic, payload: packet.payload as Buffer }).then(
        () => done(),
        (error: unknown) => {
          this.options.log.error({ err: error, topic: packet.topic }, 'internal subscriber failed');
          done();
        },
      );
    }, () => undefined);
  }

  /** Serves MQTT over WebSocket at /mqtt on the hub's HTTP server. */
  attachWebSocket(server: HttpServer): void {
    const aedes = this.#aedes;
    if (!aedes) throw new Error('broker not started');
    this.#ws = new WebSocketServer({ noServer: true });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://hub').pathname !== '/mqtt') return;
      this.#ws!.handleUpgrade(request, socket, head, (ws) => aedes.handle(createWebSocketStream(ws), request));
    });
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    // ws does not close the connections it upgraded (the HTTP server's close would wait for them).
    for (const client of this.#ws?.clients ?? []) client.terminate();
    this.#ws?.close();
    // Stop listening, then close the clients (Aedes), which lets the listeners' close complete:
    // a listener's close waits for its open connections.
    const listenersClosed = [this.#tcp, this.#tls].map((server) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
    await new Promise<void>((resolve) => (this.#aedes ? this.#aedes.close(() => resolve()) : resolve()));
    await Promise.all(listenersClosed);
  }
}

function listen(server: NetServer, port: number, host: string): Promise<NetServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
