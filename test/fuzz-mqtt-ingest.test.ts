/**
 * The ingest fuzz end to end: registered devices publish valid, defective and noisy messages at
 * QoS 1 through the hub's embedded broker with a real MQTT client. Every publish is acknowledged
 * (after its commit), the connection survives, each valid event is stored once and unchanged,
 * each refused message is one dead letter with its reason and the client's id, and the hub stays
 * healthy. The unit-level properties are in hub/ingest/ingest.fuzz.test.ts.
 */
import fc from 'fast-check';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_REASONS } from '../protocol/envelope.ts';
import { loadBranchConfig } from '../hub/branch/branch-config.ts';
import { defectiveEvent, noise, storedMessage, validEvent, type FuzzMessage, type FuzzWorld } from './helpers/fuzz-events.ts';
import { fuzzParameters } from './helpers/fuzz.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';

const zones = loadBranchConfig(new URL('../hub/branch/demo-branch.json', import.meta.url).pathname).zones.filter((zone) => zone.kind !== 'staff').map((zone) => zone.id);
const devices = [
  { kind: 'edge', sourceId: 'cam-fuzz-1' },
  { kind: 'kiosk', sourceId: 'kiosk-fuzz-1' },
] as const;

let hub: TestHub;
const clients: { world: FuzzWorld; client: MqttClient; clientId: string }[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  for (const { kind, sourceId } of devices) {
    const registered = await hub.inject('POST', '/api/v1/devices', { body: { kind, sourceId, name: `fuzz ${sourceId}` } });
    expect(registered.status).toBe(201);
    const clientId = `fuzz-${sourceId}`;
    const client = await mqtt.connectAsync(hub.mqttUrl, { clientId, username: registered.body!.mqtt.username, password: registered.body!.mqtt.password, reconnectPeriod: 0 });
    clients.push({ world: { source: { branchId: 'b001', sourceKind: kind, sourceId }, zones }, client, clientId });
  }
});
afterAll(async () => {
  await Promise.all(clients.map(({ client }) => client.endAsync()));
  await hub?.close();
});

/** Publishable under the device's own prefix (the broker refuses other topics; that is access control, tested elsewhere). */
const publishable = (world: FuzzWorld) => (message: FuzzMessage) =>
  message.topic.startsWith(`tp/v1/${world.source.branchId}/${world.source.sourceKind}/${world.source.sourceId}/`) && !/[+#\u0000]/.test(message.topic);

const batch = fc.array(
  fc.constantFrom(0, 1).chain((which) => {
    const world: FuzzWorld = { source: { branchId: 'b001', sourceKind: devices[which]!.kind, sourceId: devices[which]!.sourceId }, zones };
    return fc.oneof(
      { arbitrary: validEvent(world).map(storedMessage), weight: 3 },
      { arbitrary: defectiveEvent(world), weight: 4 },
      { arbitrary: noise(world), weight: 1 },
    ).filter(publishable(world)).map((message) => ({ message, which }));
  }),
  { minLength: 1, maxLength: 16 },
);

describe('MQTT ingest end to end under fuzzing', () => {
  it('acknowledges every message, stores the valid ones once and unchanged, and dead-letters the rest with their reason', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (messages) => {
        await hub.db.event.deleteMany();
        await hub.db.deadLetter.deleteMany();
        // All at once over both connections; each resolves on its PUBACK, which comes after the commit.
        await Promise.all(messages.map(({ message, which }) => clients[which]!.client.publishAsync(message.topic, Buffer.from(message.payload), { qos: 1 })));

        const valid = new Map<string, FuzzMessage['expect']>();
        for (const { message } of messages) if (message.expect.outcome === 'stored' && !valid.has(message.expect.event.id)) valid.set(message.expect.event.id, message.expect);
        const events = await hub.db.event.findMany();
        expect(events.map((event) => event.id).sort()).toEqual([...valid.keys()].sort());
        for (const event of events) {
          const sent = valid.get(event.id) as { event: { data: unknown; type: string } };
          expect(event.type).toBe(sent.event.type);
          expect(JSON.parse(event.data)).toEqual(sent.event.data);
        }

        const refused = messages.filter(({ message }) => message.expect.outcome === 'dead-lettered');
        const letters = await hub.db.deadLetter.findMany();
        expect(letters).toHaveLength(refused.length);
        const reasons = letters.map((letter) => letter.reason);
        for (const reason of reasons) expect(DEAD_LETTER_REASONS).toContain(reason);
        for (const { message } of refused) {
          const expected = message.expect.outcome === 'dead-lettered' ? message.expect.reason : null;
          if (!expected) continue;
          const at = reasons.indexOf(expected);
          expect(at, `${message.what}: a dead letter with reason ${expected}; got ${letters.map((l) => `${l.reason}: ${l.detail}`).join(' | ')}`).toBeGreaterThanOrEqual(0);
          reasons.splice(at, 1);
        }
        // Each names the client that sent it.
        for (const letter of letters) expect(clients.some((c) => letter.clientId?.includes(c.clientId)), `client ${letter.clientId}`).toBe(true);
        for (const { client } of clients) expect(client.connected).toBe(true);
      }),
      fuzzParameters(25),
    );
    expect((await hub.inject('GET', '/healthz')).status).toBe(200);
  }, 120_000);
});
