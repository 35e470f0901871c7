/**
 * Summaries to a broker over MQTT (mqtt.js): the hub's external branch broker (MQTT_URL, which
 * bridges them to HQ) or HQ's broker itself (HQ_MQTT_URL). Publishes at QoS 1 and resolves on the
 * PUBACK; what was not acknowledged stays unmarked in the database and is sent again later, so
 * the client keeps no session of its own.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { SummaryTransport } from '../experience/summary-publisher.ts';
import type { Logger } from '../logger.ts';

export interface MqttSummaryTransportOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** For mqtts://: the CA certificates to trust instead of the system's. */
  ca?: Buffer;
  log: Logger;
}

export class MqttSummaryTransport implements SummaryTransport {
  readonly #client: MqttClient;

  constructor(options: MqttSummaryTransportOptions) {
    const { url, clientId, username, password, ca, log } = options;
    this.#client = mqtt.connect(url, { clientId, username, password, clean: true, reconnectPeriod: 2000, connectTimeout: 10_000, ...(ca ? { ca } : {}) });
    this.#client.on('connect', () => log.info({ url }, 'connected to the broker for HQ summaries'));
    this.#client.on('error', (error) => log.warn({ url, err: error.message }, 'broker for HQ summaries: connection error'));
  }

  get connected(): boolean {
    return this.#client.connected;
  }

  async publish(topic: string, payload: Buffer): Promise<void> {
    await this.#client.publishAsync(topic, payload, { qos: 1 });
  }

  async stop(): Promise<void> {
    await this.#client.endAsync(true);
  }
}
