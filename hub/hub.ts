/**
 * One branch hub (HUB_ROLE branch, or branch+hq with HQ's part in the same process): the database,
 * the broker (embedded, or an external one), ingest, live state, alerts, the queue, experience
 * and its summaries to HQ, the HTTP API and socket.io, started in that order and stopped in
 * reverse. An HQ-only hub is hq/hq-hub.ts.
 */
import type { AddressInfo } from 'node:net';
import { AlertService } from './alerts/alert-service.ts';
import { buildApi, type Api } from './api/app.ts';
import { AuditLog } from './audit.ts';
import { SessionService } from './auth/sessions.ts';
import { createTokenResolver } from './auth/token-resolver.ts';
import { loadBranchConfig } from './branch/branch-config.ts';
import { BranchDirectory } from './branch/directory.ts';
import { seedBranch } from './branch/seed.ts';
import { EmbeddedBroker } from './broker/embedded-broker.ts';
import { ExternalSubscriber } from './broker/external-subscriber.ts';
import { EventBus } from './bus.ts';
import type { HubConfig } from './config.ts';
import { openDatabase, type Db } from './db/database.ts';
import { DeviceRegistry } from './devices/device-registry.ts';
import { DispatchService } from './dispatch/dispatch-service.ts';
import { ExperienceService } from './experience/experience-service.ts';
import { FeedbackService } from './feedback/feedback-service.ts';
import { IngestService, type IncomingMessage } from './ingest/ingest.ts';
import { StorageHealth } from './ingest/storage-health.ts';
import { KnowledgeBase } from './kb/knowledge-base.ts';
import { createNeedSearch } from './kb/need-search.ts';
import { shippedIntentClassifier } from '../models/kb-intent/classifier.ts';
import type { Logger } from './logger.ts';
import { HubMetrics } from './metrics.ts';
import { CAMERA_COUNT_MAX_AGE_MS, cameraCount } from './queue/camera-count.ts';
import { QueueRealtime } from './queue/queue-realtime.ts';
import { QueueService } from './queue/queue-service.ts';
import { WaitBreachWatch } from './queue/wait-breach.ts';
import { Realtime } from './realtime/realtime.ts';
import { StaffRealtime } from './realtime/staff-realtime.ts';
import { LiveState } from './state/live-state.ts';
import { BranchFacts } from './rules/branch-facts.ts';
import { RuleStore } from './rules/rule-store.ts';
import { RulesEngine } from './rules/rules-engine.ts';
import { MqttSummaryTransport } from './broker/mqtt-summary-transport.ts';
import { SummaryPublisher, type SummaryTransport } from './experience/summary-publisher.ts';
import { HqServices } from './hq/hq-services.ts';
import { RetentionService } from './retention/retention-service.ts';
import { SUMMARY_WILDCARD } from './hq/summary-intake.ts';
import type { DevicePrincipal } from './devices/device-registry.ts';
import type { UplinkPrincipal } from './hq/uplink-registry.ts';
import { branchWildcard } from '../protocol/topics.ts';
import { serverTls, trustedCa } from './tls.ts';

export interface RunningHub {
  branchId: string;
  db: Db;
  bus: EventBus;
  api: Api;
  ingest: IngestService;
  devices: DeviceRegistry;
  queue: QueueService;
  dispatch: DispatchService;
  /** The hourly experience aggregates; `tick()` brings them up to now (tests that drive the clock). */
  experience: ExperienceService;
  /** Deletes raw records after TP_RETENTION_DAYS; `run()` does it now (tests that drive the clock). */
  retention: RetentionService;
  /** The alert rules; `tick()` evaluates them now (tests that drive the clock). */
  rules: RulesEngine;
  /** The branch's summaries to HQ; null when nothing would take them (see summaryTransport). */
  summaries: SummaryPublisher | null;
  /** HQ's part, with HUB_ROLE=branch+hq. */
  hq: HqServices | null;
  httpUrl: string;
  mqttUrl: string;
  /** The embedded broker's MQTT over TLS (TP_TLS_CERT); null without it. */
  mqttsUrl: string | null;
  /** Waits for the work stored records set going after their request answered: rules, wait-breach checks, dispatch. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface HubOptions {
  /** The clock of the queue, the rules and the alerts (epoch ms), for tests that drive time. */
  now?: () => number;
}

export async function startHub(config: HubConfig, log: Logger, options: HubOptions = {}): Promise<RunningHub> {
  if (config.HUB_ROLE === 'hq') throw new Error('HUB_ROLE=hq runs hq/hq-hub.ts (startHqHub), not a branch hub');
  const branchConfig = loadBranchConfig(config.TP_BRANCH_CONFIG);
  const tls = serverTls(config);
  const mqttCa = trustedCa('MQTT_CA', config.MQTT_CA);
  const { db, file, migrations } = await openDatabase({ dataDir: config.DATA_DIR, synchronous: config.TP_DB_SYNC });
  log.info({ file, applied: migrations.applied }, 'database ready');
  await seedBranch(db, branchConfig, log.child({ module: 'hub:seed' }));
  const branchId = branchConfig.branch.id;

  const bus = new EventBus(log.child({ module: 'hub:bus' }));
  const metrics = new HubMetrics();
  const directory = new BranchDirectory(db, bus, branchId);
  const devices = new DeviceRegistry(db, bus, branchId);
  const sessions = new SessionService(db, config.TP_SESSION_HOURS);
  const resolveToken = createTokenResolver({ sessions, devices, adminToken: config.TP_ADMIN_TOKEN });
  const ingest = new IngestService({ db, bus, directory, metrics, log: log.child({ module: 'hub:ingest' }) });
  // Commits that fail for lack of storage make the hub report itself degraded until one succeeds.
  const storage = new StorageHealth({ metrics, log: log.child({ module: 'hub:storage' }) });
  const commit = storage.watch((message: IncomingMessage) => ingest.submit(message));
  const state = new LiveState({ db, bus, directory });
  const rules = new RuleStore({ db, branchId, log: log.child({ module: 'hub:rules' }) });
  const alerts = new AlertService({ db, bus, branchId, skillsFor: (alert) => rules.skillsFor(alert), now: options.now });
  const kb = new KnowledgeBase({ db, log: log.child({ module: 'hub:kb' }), createSearch: createNeedSearch(await shippedIntentClassifier()) });
  const feedback = new FeedbackService({ db, bus, branchId, now: options.now });
  const queue = new QueueService({
    db, bus, branchId, log: log.child({ module: 'hub:queue' }), policy: branchConfig.queuePolicy, appointments: branchConfig.appointments,
    cameraCount: cameraCount(state, directory), now: options.now,
  });
  const facts = new BranchFacts({ db, bus, branchId, snapshot: () => queue.views.snapshot(), log: log.child({ module: 'hub:rules' }) });
  const engine = new RulesEngine({ bus, alerts, store: rules, facts, state, feedback, log: log.child({ module: 'hub:rules' }), now: options.now, cameraMaxAgeMs: CAMERA_COUNT_MAX_AGE_MS });
  const breaches = new WaitBreachWatch({ bus, alerts, rule: engine.waitBreach, directory, snapshot: () => queue.views.snapshot(), log: log.child({ module: 'hub:wait-breach' }) });
  const queueRealtime = new QueueRealtime({ bus, views: queue.views, directory, log: log.child({ module: 'hub:queue-realtime' }) });
  const realtime = new Realtime({ bus, state, alerts, resolveToken, sessions, log: log.child({ module: 'hub:realtime' }) });
  const dispatch = new DispatchService({ db, bus, branchId, alerts, directory, log: log.child({ module: 'hub:dispatch' }), now: options.now, offerTimeoutS: () => rules.current().dispatch.offerTimeoutS });
  const experience = new ExperienceService({ db, bus, branchId, log: log.child({ module: 'hub:experience' }), now: options.now });
  const retention = new RetentionService({
    db, branchId, metrics, log: log.child({ module: 'hub:retention' }), now: options.now,
    settings: { rawDays: config.TP_RETENTION_DAYS, freeTextDays: config.TP_RETENTION_FREE_TEXT_DAYS, auditDays: config.TP_AUDIT_RETENTION_DAYS },
  });
  const hq = config.HUB_ROLE === 'branch+hq' ? new HqServices({ db, log: log.child({ module: 'hub:hq' }), now: options.now }) : null;
  const staffRealtime = new StaffRealtime({ bus, dispatch, resolveToken, sessions, log: log.child({ module: 'hub:staff-realtime' }) });

  await sessions.purgeExpired();
  const sessionPurge = setInterval(() => void sessions.purgeExpired().catch((error: unknown) => log.warn({ err: error }, 'session purge failed')), 3600_000);
  sessionPurge.unref();
  await directory.start();
  await devices.start();
  await state.start();
  await rules.start();
  await alerts.start();
  await dispatch.start();
  await queue.start();
  // After the queue: its start closes what earlier days left open, which settles their last hours.
  await experience.start();
  // After experience: its start settles the hours whose raw records the first run may remove.
  await retention.start();
  await engine.start();
  await breaches.start();
  await kb.start();
  await hq?.start();

  const mqttLog = log.child({ module: 'hub:mqtt' });
  const external = config.MQTT_URL
    ? new ExternalSubscriber({
        url: config.MQTT_URL, clientId: config.MQTT_CLIENT_ID, username: config.MQTT_USERNAME, password: config.MQTT_PASSWORD, ca: mqttCa,
        topic: branchWildcard(branchId),
        submit: commit,
        // The hub's own summaries on its branch's topics are output, not events to ingest.
        ignore: (topic) => topic.startsWith(`tp/v1/${branchId}/hub/`),
        log: mqttLog,
      })
    : null;
  const hqExternal = external && hq
    ? new ExternalSubscriber({
        url: config.MQTT_URL!, clientId: `${config.MQTT_CLIENT_ID}-hq`, username: config.MQTT_USERNAME, password: config.MQTT_PASSWORD, ca: mqttCa,
        topic: SUMMARY_WILDCARD, submit: (message) => hq.intake.submit(message), log: mqttLog,
      })
    : null;
  type Principal = DevicePrincipal | UplinkPrincipal;
  const broker = external ? null : new EmbeddedBroker<Principal>({
    port: config.MQTT_PORT, host: config.HOST, bus, log: log.child({ module: 'hub:broker' }), tls: tls && { ...tls, port: config.MQTTS_PORT },
    accounts: {
      authenticate: (username, password) => devices.authenticate(username, password) ?? hq?.uplinks.authenticate(username, password) ?? null,
      isActive: (username) => devices.isActive(username) || (hq?.uplinks.isActive(username) ?? false),
      seen: (principal) => ('kind' in principal && principal.kind === 'uplink' ? hq!.uplinks.touch(principal.branchId) : devices.touch((principal as DevicePrincipal).deviceId)),
    },
    deliver: (message, principal) => ('kind' in principal && principal.kind === 'uplink' ? hq!.intake.submit(message) : commit(message)),
  });

  if (broker) await broker.start();
  if (external) await external.start();
  if (hqExternal) await hqExternal.start();
  const transport = summaryTransport(config, branchId, { broker, hq, log: mqttLog });
  const liveEveryMs = config.TP_HQ_LIVE_MIN > 0 ? config.TP_HQ_LIVE_MIN * 60_000 : undefined;
  const summaries = transport
    ? new SummaryPublisher({ db, bus, branchId, experience, transport, log: log.child({ module: 'hub:summaries' }), now: options.now, liveEveryMs })
    : null;
  if (!transport) log.info('summaries are not sent to HQ: set HQ_MQTT_URL, or use an external broker (MQTT_URL) that bridges them (hub/hq/README.md)');
  summaries?.start();
  const audit = new AuditLog(db);
  const mqtt = {
    mode: external ? 'external' as const : 'embedded' as const,
    // Devices reach the embedded broker at the host name they used for the API.
    url: (host: string) => config.MQTT_URL ?? broker!.urlFor(host),
    connected: () => (external ? external.connected && (hqExternal?.connected ?? true) : true),
  };
  const core = { db, log, metrics, sessions, audit, resolveToken, mqtt, branchId, storage };
  const api = await buildApi({
    core,
    branch: {
      ...core, bus, directory, devices, state, alerts, dispatch, rules, kb, feedback, experience, summaries, queue, kiosks: branchConfig.kiosks,
      retention: retention.settings,
      publicLimits: { writesPerMin: config.TP_PUBLIC_WRITES_PER_MIN, readsPerMin: config.TP_PUBLIC_READS_PER_MIN },
    },
    hq: hq?.apiDeps(audit, (host) => broker?.urlFor(host) ?? null) ?? null,
    tls,
    trustProxy: config.TP_TRUST_PROXY,
  });
  await api.listen({ port: config.PORT, host: config.HOST });
  broker?.attachWebSocket(api.server);
  realtime.attach(api.server);
  queueRealtime.attach(realtime.io!);
  staffRealtime.attach(realtime.io!);

  const { port } = api.server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  const httpUrl = `${tls ? 'https' : 'http'}://${host}:${port}`;
  // With TLS the embedded broker's plain port is on 127.0.0.1 only: for processes on this machine.
  const mqttUrl = config.MQTT_URL ?? `mqtt://${tls ? '127.0.0.1' : host}:${broker!.port}`;
  const mqttsUrl = broker?.tlsPort ? `mqtts://${host}:${broker.tlsPort}` : null;

  return {
    branchId, db, bus, api, ingest, devices, queue, dispatch, experience, retention, rules: engine, summaries, hq, httpUrl, mqttUrl, mqttsUrl,
    async settled() {
      // In the order work flows: a check or a rule opens an alert, the alert is dispatched.
      await breaches.settled();
      await engine.settled();
      await dispatch.settled();
    },
    async stop() {
      clearInterval(sessionPurge);
      await summaries?.stop();
      await (transport as { stop?: () => Promise<void> } | null)?.stop?.();
      await queueRealtime.stop();
      staffRealtime.stop();
      await realtime.stop();
      // The broker first: its WebSocket clients hold connections of the HTTP server open.
      await broker?.stop();
      await api.close();
      await external?.stop();
      await hqExternal?.stop();
      await ingest.drain();
      await breaches.stop();
      await engine.stop();
      await retention.stop();
      await experience.stop();
      await queue.stop();
      await dispatch.stop();
      await alerts.stop();
      state.stop();
      directory.stop();
      await db.$disconnect();
    },
  };
}

/**
 * Where the branch's summaries go: straight to HQ's broker (HQ_MQTT_URL); to HQ's part in this
 * process (branch+hq on the embedded broker); to the external branch broker, which bridges them
 * to HQ (MQTT_URL); otherwise nowhere, and they wait in the database until one is configured.
 */
function summaryTransport(
  config: HubConfig,
  branchId: string,
  parts: { broker: EmbeddedBroker<DevicePrincipal | UplinkPrincipal> | null; hq: HqServices | null; log: Logger },
): (SummaryTransport & { stop?: () => Promise<void> }) | null {
  if (config.HQ_MQTT_URL) {
    return new MqttSummaryTransport({
      url: config.HQ_MQTT_URL, clientId: `tp-hub-${branchId}-summaries`, username: config.HQ_MQTT_USERNAME, password: config.HQ_MQTT_PASSWORD, log: parts.log,
      ca: trustedCa('HQ_MQTT_CA', config.HQ_MQTT_CA),
    });
  }
  if (parts.hq && parts.broker) {
    const intake = parts.hq.intake;
    return { connected: true, publish: async (topic, payload) => void (await intake.submit({ topic, payload })) };
  }
  if (config.MQTT_URL) {
    return new MqttSummaryTransport({
      url: config.MQTT_URL, clientId: `${config.MQTT_CLIENT_ID}-summaries`, username: config.MQTT_USERNAME, password: config.MQTT_PASSWORD, log: parts.log,
      ca: trustedCa('MQTT_CA', config.MQTT_CA),
    });
  }
  return null;
}
