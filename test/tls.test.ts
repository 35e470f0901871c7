/**
 * TLS when certificates are configured, with a private CA made by openssl at test time: the hub
 * serves HTTPS (API, screens' socket.io, MQTT over WebSocket) and MQTT over TLS, which clients
 * trust with the CA and refuse without it; devices are handed mqtts:// URLs; plain MQTT stays on
 * the loopback address only. An external Mosquitto with TLS (npm run mosquitto:files --tls-*)
 * feeds a hub that trusts the branch's CA through MQTT_CA. Bad TLS settings stop the start with
 * a clear message.
 */
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../protocol/envelope.ts';
import { ExternalSubscriber } from '../hub/broker/external-subscriber.ts';
import { EdgePublisher } from '../edge/pipeline/publish.ts';
import { serverTls, trustedCa } from '../hub/tls.ts';
import { MqttSummaryTransport } from '../hub/broker/mqtt-summary-transport.ts';
import { writeMosquittoFiles } from '../hub/tools/mosquitto-files.ts';
import { ADMIN_TOKEN, startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { freePort, runAsUserLine, startMosquitto, type MosquittoBroker } from './helpers/mosquitto.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { makeTestCertificates, type TestCertificates } from './helpers/tls-certs.ts';
import { until } from './helpers/until.ts';

let certs: TestCertificates;
const clients: MqttClient[] = [];

function httpsJson(url: string, options: { ca?: Buffer; token?: string; method?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, {
      method: options.method ?? 'GET',
      ...(options.ca ? { ca: options.ca } : {}),
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body ? { 'content-type': 'application/json' } : {}) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    request.on('error', reject);
    request.end(options.body ? JSON.stringify(options.body) : undefined);
  });
}

function queueEvent(sourceId: string) {
  return createEvent('tp.queue.observed', { branchId: 'b001', sourceKind: 'edge', sourceId }, { zoneId: 'lobby', count: 3, waitEstimateS: null, confidence: 0.9, windowS: 10 });
}

beforeAll(() => {
  certs = makeTestCertificates();
});
afterAll(async () => {
  for (const client of clients) await client.endAsync(true).catch(() => undefined);
  certs?.remove();
});

describe('the hub with TP_TLS_CERT and TP_TLS_KEY', () => {
  let hub: TestHub;
  let device: { username: string; password: string; url: string; topicPrefix: string };

  beforeAll(async () => {
    hub = await startTestHub({ TP_TLS_CERT: certs.certFile, TP_TLS_KEY: certs.keyFile, MQTTS_PORT: '0' });
  });
  afterAll(() => hub?.close());

  it('serves the API over HTTPS to a client that trusts the CA, and not to one that does not', async () => {
    expect(hub.httpUrl).toMatch(/^https:\/\//);
    expect(await httpsJson(`${hub.httpUrl}/healthz`, { ca: certs.ca })).toMatchObject({ status: 200, body: { status: 'ok' } });
    await expect(httpsJson(`${hub.httpUrl}/healthz`)).rejects.toMatchObject({ code: expect.stringMatching(/UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED|UNABLE_TO_VERIFY/) });
    // No plain HTTP on the same port.
    await expect(fetch(hub.httpUrl.replace('https:', 'http:') + '/healthz')).rejects.toThrow();
  });

  it('hands devices an mqtts:// URL, on which they publish with the CA and are refused without it', async () => {
    const created = await httpsJson(`${hub.httpUrl}/api/v1/devices`, { ca: certs.ca, token: ADMIN_TOKEN, method: 'POST', body: { kind: 'edge', sourceId: 'cam-tls', name: 'TLS camera' } });
    expect(created.status).toBe(201);
    device = created.body.mqtt;
    expect(device.url).toBe(hub.mqttsUrl);
    expect(device.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);

    const client = await mqtt.connectAsync(device.url, { username: device.username, password: device.password, ca: certs.ca, reconnectPeriod: 0 });
    clients.push(client);
    const event = queueEvent('cam-tls');
    await client.publishAsync(`${device.topicPrefix}queue`, JSON.stringify(event), { qos: 1 });
    await until('the event over TLS stored', async () => (await hub.db.event.findUnique({ where: { id: event.id } })) !== null, 5000);

    await expect(mqtt.connectAsync(device.url, { username: device.username, password: device.password, reconnectPeriod: 0, connectTimeout: 3000 }))
      .rejects.toThrow(/certificate|self[- ]signed|issuer/i);
  });

  it('carries MQTT over WebSocket and the screens\' socket.io on HTTPS', async () => {
    const client = await mqtt.connectAsync(`${hub.httpUrl.replace('https:', 'wss:')}/mqtt`, { username: device.username, password: device.password, ca: certs.ca, reconnectPeriod: 0 });
    clients.push(client);
    const event = queueEvent('cam-tls');
    await client.publishAsync(`${device.topicPrefix}queue`, JSON.stringify(event), { qos: 1 });
    await until('the event over WSS stored', async () => (await hub.db.event.findUnique({ where: { id: event.id } })) !== null, 5000);

    const socket = io(`${hub.httpUrl}/queue`, { transports: ['websocket'], ca: certs.ca.toString(), reconnection: false });
    try {
      await expect(new Promise((resolve, reject) => { socket.once('board', resolve); socket.once('connect_error', reject); })).resolves.toBeTruthy();
    } finally {
      socket.close();
    }
  });

  it('lets an edge node trust the branch\'s CA with broker.ca', async () => {
    const outbox = tempDir('tp-tls-edge-');
    const publisher = new EdgePublisher({ branchId: 'b001', sourceId: 'cam-tls', broker: { url: device.url, username: device.username, password: device.password, ca: certs.caFile }, dataDir: outbox.path });
    try {
      await publisher.start();
      const event = await publisher.publish('tp.queue.observed', { zoneId: 'lobby', count: 5, waitEstimateS: null, confidence: 0.8, windowS: 10 });
      await until('the edge node\'s event stored', async () => (await hub.db.event.findUnique({ where: { id: event.id } })) !== null, 10_000);
    } finally {
      await publisher.stop();
      outbox.remove();
    }
  });

  it('issues HQ uplinks on mqtts://, which a branch reaches with HQ_MQTT_CA', async () => {
    const uplink = await httpsJson(`${hub.httpUrl}/api/v1/hq/uplinks`, { ca: certs.ca, token: ADMIN_TOKEN, method: 'POST', body: { branchId: 'b077' } });
    expect(uplink).toMatchObject({ status: 201, body: { mqttUrl: hub.mqttsUrl } });
    const connect = (ca?: Buffer) => new MqttSummaryTransport({ url: uplink.body.mqttUrl, clientId: `b077-summaries-${ca ? 'ca' : 'none'}`, username: uplink.body.username, password: uplink.body.password, ca, log: pino({ enabled: false }) });
    const trusting = connect(trustedCa('HQ_MQTT_CA', certs.caFile));
    const untrusting = connect();
    try {
      await until('the uplink connected over TLS', () => trusting.connected, 5000);
      await trusting.publish(uplink.body.topic, Buffer.from('{}'));
      expect(untrusting.connected).toBe(false);
    } finally {
      await trusting.stop();
      await untrusting.stop();
    }
  });

  it('keeps plain MQTT for processes on the hub\'s own machine', async () => {
    expect(hub.mqttUrl).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    clients.push(await mqtt.connectAsync(hub.mqttUrl, { username: device.username, password: device.password, reconnectPeriod: 0 }));
  });

  it('stops at once with devices still connected (TLS, WebSocket over HTTPS, plain)', async () => {
    expect(clients.filter((client) => client.connected)).toHaveLength(3);
    const started = Date.now();
    await hub.close();
    hub = null as unknown as TestHub;
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('plain MQTT with TLS configured', () => {
  const lanAddress = Object.values(networkInterfaces()).flat().find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

  it.skipIf(!lanAddress)('is not reachable from the network; MQTT over TLS is', async () => {
    const hub = await startTestHub({ HOST: '0.0.0.0', TP_TLS_CERT: certs.certFile, TP_TLS_KEY: certs.keyFile, MQTTS_PORT: '0' });
    try {
      const reach = (port: number) => new Promise<boolean>((resolve) => {
        const socket = netConnect({ host: lanAddress!, port });
        socket.once('connect', () => { socket.destroy(); resolve(true); });
        socket.once('error', () => resolve(false));
      });
      expect(await reach(Number(new URL(hub.mqttUrl).port))).toBe(false);
      expect(await reach(Number(new URL(hub.mqttsUrl!).port))).toBe(true);
    } finally {
      await hub.close();
    }
  });
});

describe('TLS settings are checked at start', () => {
  it('names what is wrong', () => {
    expect(() => serverTls({ TP_TLS_CERT: certs.certFile })).toThrow('TP_TLS_CERT and TP_TLS_KEY go together: set both, or neither');
    expect(() => serverTls({ TP_TLS_CERT: certs.certFile, TP_TLS_KEY: '/nowhere/hub.key' })).toThrow('TP_TLS_KEY: cannot read /nowhere/hub.key (ENOENT)');
    expect(() => serverTls({ TP_TLS_CERT: certs.certFile, TP_TLS_KEY: path.join(certs.dir, 'hub.ext') })).toThrow(/TP_TLS_KEY: .* is not a PEM file/);
    // The CA's key is a key, but not the certificate's.
    expect(() => serverTls({ TP_TLS_CERT: certs.certFile, TP_TLS_KEY: path.join(certs.dir, 'ca.key') })).toThrow(/TP_TLS_CERT \/ TP_TLS_KEY: .*key/);
    expect(serverTls({})).toBeNull();
    const tls = serverTls({ TP_TLS_CERT: certs.certFile, TP_TLS_KEY: certs.keyFile, TP_TLS_CA: certs.caFile })!;
    // The chain is sent along with the certificate.
    expect(tls.cert.toString().match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('refuses to start a hub with a broken setting', async () => {
    await expect(startTestHub({ TP_TLS_CERT: certs.certFile })).rejects.toThrow('TP_TLS_CERT and TP_TLS_KEY go together');
  });
});

describe('an external Mosquitto over TLS (MQTT_URL=mqtts://…, MQTT_CA)', () => {
  const data = tempDir('tp-tls-mosquitto-');
  let mosquitto: MosquittoBroker;
  let tlsUrl: string;
  let hub: TestHub | null = null;
  let files: Awaited<ReturnType<typeof writeMosquittoFiles>>;
  let device: { username: string; password: string; topicPrefix: string };

  beforeAll(async () => {
    // A first start on the embedded broker creates the database and registers the device.
    const seeding = await startTestHub({ DATA_DIR: data.path });
    const created = await seeding.inject('POST', '/api/v1/devices', { body: { kind: 'edge', sourceId: 'cam-branch-ca', name: 'Camera' } });
    device = created.body!.mqtt;
    await seeding.stop();

    const [port, tlsPort] = [await freePort(), await freePort()];
    files = await writeMosquittoFiles({
      outDir: path.join(data.path, 'mosquitto'), dataDir: data.path, branchConfigFile: path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json'),
      port, user: runAsUserLine ? 'root' : undefined, tls: { certFile: certs.certFile, keyFile: certs.keyFile, port: tlsPort },
    });
    mosquitto = await startMosquitto({ confFile: files.files.conf, port: tlsPort });
    tlsUrl = `mqtts://127.0.0.1:${tlsPort}`;
  });
  afterAll(async () => {
    await hub?.close();
    await mosquitto?.stop();
    data.remove();
  });

  it('writes a TLS listener, with plain MQTT on the loopback address only', async () => {
    const { readFileSync } = await import('node:fs');
    const conf = readFileSync(files.files.conf, 'utf8');
    expect(conf).toMatch(/^listener \d+ 127\.0\.0\.1$/m);
    expect(conf).toContain(`certfile ${certs.certFile}`);
    expect(conf).toContain(`keyfile ${certs.keyFile}`);
  });

  it('connects the hub only when it trusts the branch\'s CA', async () => {
    const subscriber = (ca?: Buffer) => new ExternalSubscriber({
      url: tlsUrl, clientId: `tp-hub-tls-${ca ? 'ca' : 'none'}`, username: files.hubUser, password: files.hubPassword, ca,
      topic: 'tp/v1/b001/+/+/+', submit: async () => undefined, log: pino({ enabled: false }),
    });
    const without = subscriber();
    await without.start(1500);
    expect(without.connected).toBe(false);
    await without.stop();
    const trusting = subscriber(certs.ca);
    await trusting.start(5000);
    expect(trusting.connected).toBe(true);
    await trusting.stop();
  });

  it('stores an event a device published to Mosquitto over TLS', async () => {
    writeFileSync(path.join(data.path, 'ca-copy.pem'), certs.ca);
    hub = await startTestHub({
      DATA_DIR: data.path, MQTT_URL: tlsUrl, MQTT_CA: path.join(data.path, 'ca-copy.pem'), MQTT_USERNAME: files.hubUser, MQTT_PASSWORD: files.hubPassword, MQTT_CLIENT_ID: 'tp-hub-tls-test',
    });
    expect((await hub.inject('GET', '/healthz', { token: null })).body).toMatchObject({ status: 'ok', mqtt: { mode: 'external', connected: true } });
    const client = await mqtt.connectAsync(tlsUrl, { username: device.username, password: device.password, ca: certs.ca, reconnectPeriod: 0 });
    clients.push(client);
    const event = queueEvent('cam-branch-ca');
    await client.publishAsync(`${device.topicPrefix}queue`, JSON.stringify(event), { qos: 1 });
    await until('the event through Mosquitto over TLS stored', async () => (await hub!.db.event.findUnique({ where: { id: event.id } })) !== null, 10_000);
  });
});
