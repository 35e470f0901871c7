/**
 * The simulated branch's edge node: registered through the admin API like a real one, connected
 * to the hub's embedded broker with the credentials it was issued, publishing camera counts,
 * distress signs and kiosk sessions as CloudEvents stamped with the simulation's clock. A publish
 * resolves on the broker's acknowledgement, which the hub sends only after storing the event.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { createEvent } from '../../../protocol/envelope.ts';
import type { EventData } from '../../../protocol/events.ts';
import { buildTopic } from '../../../protocol/topics.ts';
import type { HubClient } from './hub-client.ts';

type EdgeEventType = 'tp.queue.observed' | 'tp.distress.detected' | 'tp.kiosk.session';

const EVENT_KIND = { 'tp.queue.observed': 'queue', 'tp.distress.detected': 'distress', 'tp.kiosk.session': 'kiosk' } as const;

export const EDGE_SOURCE_ID = 'sim-edge-1';

export class EdgeDevice {
  #client: MqttClient | null = null;

  constructor(private readonly deps: { branchId: string; mqttUrl: string; now: () => number }) {}

  /** Registers the device (admin) and connects; the password is used once, here. */
  async start(api: HubClient, adminToken: string): Promise<void> {
    const { mqtt: credentials } = await api.must(201, 'POST', '/devices', {
      token: adminToken,
      body: { kind: 'edge', sourceId: EDGE_SOURCE_ID, name: 'Simulated cameras and kiosk telemetry' },
    });
    this.#client = await mqtt.connectAsync(this.deps.mqttUrl, {
      username: credentials.username,
      password: credentials.password,
      clientId: `${this.deps.branchId}-${EDGE_SOURCE_ID}`,
      clean: true,
      reconnectPeriod: 1000,
    });
  }

  async publish<T extends EdgeEventType>(type: T, data: EventData<T>): Promise<void> {
    if (!this.#client) throw new Error('the simulated edge device is not connected');
    const source = { branchId: this.deps.branchId, sourceKind: 'edge' as const, sourceId: EDGE_SOURCE_ID };
    const event = createEvent(type, source, data, { time: new Date(this.deps.now()) });
    await this.#client.publishAsync(buildTopic({ ...source, eventKind: EVENT_KIND[type] }), JSON.stringify(event), { qos: 1 });
  }

  async stop(): Promise<void> {
    await this.#client?.endAsync();
    this.#client = null;
  }
}
