/**
 * The embedded MQTT broker (Aedes): TCP on MQTT_PORT and MQTT over WebSocket at /mqtt on the
 * HTTP port. Anonymous clients are refused; a device publishes and subscribes only under its own
 * topic prefix. Every publish is handed to ingest, and the broker sends PUBACK only after ingest
 * has committed it, so an acknowledged event survives the hub being killed at any instant.
 */
import { createServer, type Server as NetServer } from 'node:net';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Aedes, type Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { DevicePrincipal, DeviceRegistry } from '../devices/device-registry.ts';
import type { IngestService } from '../ingest/ingest.ts';
import type { Logger } from '../logger.ts';
import type { EventBus } from '../bus.ts';

const BAD_USERNAME_OR_PASSWORD = 4;

export interface EmbeddedBrokerOptions {
  port: number;
  host: string;
  bus: EventBus;
  registry: DeviceRegistry;
  ingest: IngestService;
  log: Logger;
}

export class EmbeddedBroker {
  #aedes: Aedes | null = null;
  #tcp: NetServer | null = null;
  #ws: WebSocketServer | null = null;
  #principals = new Map<Client, DevicePrincipal>();
  #unsubscribe: (() => void) | null = null;

  constructor(private readonly options: EmbeddedBrokerOptions) {}

  get port(): number {
    const address = this.#tcp?.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  async start(): Promise<void> {
    const { registry, ingest, log } = this.options;
    const aedes = await Aedes.createBroker({ id: 'tp-hub', heartbeatInterval: 60_000, connectTimeout: 10_000 });
    this.#aedes = aedes;

    aedes.authenticate = (client, username, password, done) => {
      const principal = registry.authenticate(username, password?.toString('utf8'));
      if (!principal) {
        log.warn({ clientId: client.id, username }, 'MQTT connection refused: bad username or password');
        return done(Object.assign(new Error('bad username or password'), { returnCode: BAD_USERNAME_OR_PASSWORD }), false);
      }
      this.#principals.set(client, principal);
      done(null, true);
    };

    aedes.authorizePublish = (client, packet, done) => {
      const principal = client ? this.#principals.get(client) : undefined;
      if (!principal || !packet.topic.startsWith(principal.topicPrefix)) {
        log.warn({ clientId: client?.id, topic: packet.topic }, 'MQTT publish refused: outside the device topic prefix');
        return done(new Error(`not allowed to publish to ${packet.topic}`));
      }
      ingest.submit({ topic: packet.topic, payload: packet.payload as Buffer, clientId: client?.id }).then(
        () => done(null),
        (error: unknown) => {
          // Not committed, so not acknowledged: the client is disconnected and will redeliver.
          log.error({ err: error, topic: packet.topic }, 'ingest could not commit; publisher will retry');
          done(error as Error);
        },
      );
    };

    aedes.authorizeSubscribe = (client, subscription, done) => {
      const principal = this.#principals.get(client);
      if (!principal || !subscription.topic.startsWith(principal.topicPrefix)) {
        return done(new Error(`not allowed to subscribe to ${subscription.topic}`));
      }
      done(null, subscription);
    };

    aedes.on('clientError', (client, error) => log.debug({ clientId: client.id, err: error.message }, 'MQTT client error'));
    aedes.on('clientReady', (client) => {
      const principal = this.#principals.get(client);
      if (principal) registry.touch(principal.deviceId).catch((error: unknown) => log.warn({ err: error }, 'could not record last seen'));
    });
    aedes.on('clientDisconnect', (client) => this.#principals.delete(client));
    // A revoked device loses its open connections at once, not at its next reconnect.
    this.#unsubscribe = this.options.bus.on('config.changed', ({ entity }) => {
      if (entity !== 'device') return;
      for (const [client, principal] of this.#principals) {
        if (!registry.isActive(principal.username)) {
          log.info({ username: principal.username }, 'revoked device disconnected');
          this.#principals.delete(client);
          client.close();
        }
      }
    });

    this.#tcp = createServer(aedes.handle);
    await new Promise<void>((resolve, reject) => {
      this.#tcp!.once('error', reject);
      this.#tcp!.listen(this.options.port, this.options.host, () => resolve());
    });
    log.info({ port: this.port }, 'embedded MQTT broker listening');
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
    this.#ws?.close();
    await new Promise<void>((resolve) => (this.#tcp ? this.#tcp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.#aedes ? this.#aedes.close(() => resolve()) : resolve()));
  }
}
