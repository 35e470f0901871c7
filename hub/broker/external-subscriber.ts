/**
 * Ingest from an external broker (MQTT_URL, e.g. Mosquitto). The hub keeps a persistent session
 * (fixed client id, clean: false) subscribed at QoS 1, so the broker queues events while the hub
 * is down, and it acknowledges each message only after ingest has committed it: a hub killed
 * mid-burst gets the unacknowledged messages again when it reconnects.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { branchWildcard } from '../../protocol/topics.ts';
import type { IngestService } from '../ingest/ingest.ts';
import type { Logger } from '../logger.ts';

export interface ExternalSubscriberOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  branchId: string;
  ingest: IngestService;
  log: Logger;
}

export class ExternalSubscriber {
  #client: MqttClient | null = null;

  constructor(private readonly options: ExternalSubscriberOptions) {}

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  async start(): Promise<void> {
    const { url, clientId, username, password, branchId, ingest, log } = this.options;
    const client = mqtt.connect(url, {
      clientId,
      clean: false,
      username,
      password,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      resubscribe: true,
    });
    this.#client = client;
    // Runs for each QoS 1 message before its PUBACK is sent; an error withholds the PUBACK.
    client.handleMessage = (packet, done) => {
      ingest
        .submit({ topic: packet.topic, payload: packet.payload as Buffer })
        .then(() => done(), (error: unknown) => {
          log.error({ err: error, topic: packet.topic }, 'ingest could not commit; reconnecting so the broker redelivers');
          done(error as Error);
          client.end(true, () => client.reconnect());
        });
    };
    client.on('connect', (connack) => {
      log.info({ url, clientId, sessionPresent: connack.sessionPresent }, 'connected to external MQTT broker');
      if (!connack.sessionPresent) {
        client.subscribe(branchWildcard(branchId), { qos: 1 }, (error) => {
          if (error) log.error({ err: error }, 'subscribe failed');
        });
      }
    });
    client.on('error', (error) => log.warn({ err: error.message }, 'external MQTT broker error'));
    client.on('offline', () => log.warn({ url }, 'external MQTT broker unreachable; retrying'));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
  }

  async stop(): Promise<void> {
    await this.#client?.endAsync();
  }
}
