/**
 * An HQ-only hub (HUB_ROLE=hq, `npm run hq`): its own database, the summaries of every branch
 * from the HQ broker — an external one (MQTT_URL, where branch brokers bridge to) subscribed with
 * a persistent session, or the embedded one, where branches publish with uplink credentials —
 * and the HQ API and page. No branch, no raw events, nothing personal. Its dead letters and audit
 * log are kept for their retention periods, as at a branch, and expired logins removed hourly.
 */
import type { AddressInfo } from 'node:net';
import { buildApi, type Api } from '../api/app.ts';
import { AuditLog } from '../audit.ts';
import { SessionService } from '../auth/sessions.ts';
import { createTokenResolver } from '../auth/token-resolver.ts';
import { EmbeddedBroker } from '../broker/embedded-broker.ts';
import { ExternalSubscriber } from '../broker/external-subscriber.ts';
import { EventBus } from '../bus.ts';
import type { HubConfig } from '../config.ts';
import { openDatabase, type Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { HubMetrics } from '../metrics.ts';
import { RetentionService } from '../retention/retention-service.ts';
import { loadHqConfig, seedHqUsers } from './hq-config.ts';
import { HqServices } from './hq-services.ts';
import { SUMMARY_WILDCARD } from './summary-intake.ts';
import type { UplinkPrincipal } from './uplink-registry.ts';
import { serverTls, trustedCa } from '../tls.ts';

export interface RunningHqHub {
  db: Db;
  retention: RetentionService;
  api: Api;
  hq: HqServices;
  httpUrl: string;
  /** The broker branches publish to: the embedded one, or MQTT_URL. */
  mqttUrl: string;
  stop(): Promise<void>;
}

export async function startHqHub(config: HubConfig, log: Logger): Promise<RunningHqHub> {
  const tls = serverTls(config);
  const { db, file, migrations } = await openDatabase({ dataDir: config.DATA_DIR, synchronous: config.TP_DB_SYNC });
  log.info({ file, applied: migrations.applied }, 'database ready');
  await seedHqUsers(db, loadHqConfig(config.TP_HQ_CONFIG), log.child({ module: 'hub:seed' }));

  const sessions = new SessionService(db, config.TP_SESSION_HOURS);
  await sessions.purgeExpired();
  const sessionPurge = setInterval(() => void sessions.purgeExpired().catch((error: unknown) => log.warn({ err: error }, 'session purge failed')), 3600_000);
  sessionPurge.unref();
  const metrics = new HubMetrics();
  const retention = new RetentionService({
    db, branchId: null, metrics, log: log.child({ module: 'hub:retention' }),
    settings: { rawDays: config.TP_RETENTION_DAYS, freeTextDays: config.TP_RETENTION_FREE_TEXT_DAYS, auditDays: config.TP_AUDIT_RETENTION_DAYS },
  });
  await retention.start();
  const resolveToken = createTokenResolver({ sessions, adminToken: config.TP_ADMIN_TOKEN });
  const hq = new HqServices({ db, log: log.child({ module: 'hub:hq' }) });
  await hq.start();

  const mqttLog = log.child({ module: 'hub:mqtt' });
  const external = config.MQTT_URL
    ? new ExternalSubscriber({
        url: config.MQTT_URL, clientId: config.MQTT_CLIENT_ID, username: config.MQTT_USERNAME, password: config.MQTT_PASSWORD, ca: trustedCa('MQTT_CA', config.MQTT_CA),
        topic: SUMMARY_WILDCARD, submit: (message) => hq.intake.submit(message), log: mqttLog,
      })
    : null;
  const broker = external ? null : new EmbeddedBroker<UplinkPrincipal>({
    port: config.MQTT_PORT, host: config.HOST, bus: new EventBus(log.child({ module: 'hub:bus' })), log: log.child({ module: 'hub:broker' }),
    tls: tls && { ...tls, port: config.MQTTS_PORT },
    accounts: { authenticate: (u, p) => hq.uplinks.authenticate(u, p), isActive: (u) => hq.uplinks.isActive(u), seen: (principal) => hq.uplinks.touch(principal.branchId) },
    deliver: (message) => hq.intake.submit(message),
  });
  if (broker) await broker.start();
  if (external) await external.start();

  const audit = new AuditLog(db);
  const mqtt = {
    mode: external ? 'external' as const : 'embedded' as const,
    url: (host: string) => config.MQTT_URL ?? broker!.urlFor(host),
    connected: () => external?.connected ?? true,
  };
  const api = await buildApi({
    core: { db, log, metrics, sessions, audit, resolveToken, mqtt, branchId: null },
    branch: null,
    hq: hq.apiDeps(audit, (host) => broker?.urlFor(host) ?? null),
    tls,
    trustProxy: config.TP_TRUST_PROXY,
  });
  await api.listen({ port: config.PORT, host: config.HOST });
  broker?.attachWebSocket(api.server);

  const { port } = api.server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  return {
    db, api, hq, retention,
    httpUrl: `${tls ? 'https' : 'http'}://${host}:${port}`,
    mqttUrl: config.MQTT_URL ?? broker!.urlFor(host),
    async stop() {
      // The broker first: its WebSocket clients hold connections of the HTTP server open.
      await broker?.stop();
      await api.close();
      await external?.stop();
      clearInterval(sessionPurge);
      await retention.stop();
      await db.$disconnect();
    },
  };
}
