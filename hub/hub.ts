/**
 * One branch hub: the database, the broker (embedded, or an external one), ingest, live state,
 * alerts, the HTTP API and socket.io, started in that order and stopped in reverse.
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
import { IngestService } from './ingest/ingest.ts';
import { KnowledgeBase } from './kb/knowledge-base.ts';
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
  /** The alert rules; `tick()` evaluates them now (tests that drive the clock). */
  rules: RulesEngine;
  httpUrl: string;
  mqttUrl: string;
  stop(): Promise<void>;
}

export interface HubOptions {
  /** The clock of the queue, the rules and the alerts (epoch ms), for tests that drive time. */
  now?: () => number;
}

export async function startHub(config: HubConfig, log: Logger, options: HubOptions = {}): Promise<RunningHub> {
  const branchConfig = loadBranchConfig(config.TP_BRANCH_CONFIG);
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
  const state = new LiveState({ db, bus, directory });
  const rules = new RuleStore({ db, branchId, log: log.child({ module: 'hub:rules' }) });
  const alerts = new AlertService({ db, bus, branchId, skillsFor: (alert) => rules.skillsFor(alert), now: options.now });
  const kb = new KnowledgeBase({ db, log: log.child({ module: 'hub:kb' }) });
  const feedback = new FeedbackService({ db, bus, branchId, now: options.now });
  const queue = new QueueService({
    db, bus, branchId, log: log.child({ module: 'hub:queue' }), policy: branchConfig.queuePolicy, appointments: branchConfig.appointments,
    cameraCount: cameraCount(state, directory), now: options.now,
  });
  const facts = new BranchFacts({ db, bus, branchId, snapshot: () => queue.views.snapshot(), log: log.child({ module: 'hub:rules' }) });
  const engine = new RulesEngine({ bus, alerts, store: rules, facts, state, feedback, log: log.child({ module: 'hub:rules' }), now: options.now, cameraMaxAgeMs: CAMERA_COUNT_MAX_AGE_MS });
  const breaches = new WaitBreachWatch({ bus, alerts, rule: engine.waitBreach, directory, snapshot: () => queue.views.snapshot(), log: log.child({ module: 'hub:wait-breach' }) });
  const queueRealtime = new QueueRealtime({ bus, views: queue.views, log: log.child({ module: 'hub:queue-realtime' }) });
  const realtime = new Realtime({ bus, state, alerts, resolveToken, log: log.child({ module: 'hub:realtime' }) });
  const dispatch = new DispatchService({ db, bus, branchId, alerts, directory, log: log.child({ module: 'hub:dispatch' }), now: options.now, offerTimeoutS: () => rules.current().dispatch.offerTimeoutS });
  const experience = new ExperienceService({ db, branchId, log: log.child({ module: 'hub:experience' }), now: options.now });
  const staffRealtime = new StaffRealtime({ bus, dispatch, resolveToken, log: log.child({ module: 'hub:staff-realtime' }) });

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
  await engine.start();
  await breaches.start();
  await kb.start();

  const external = config.MQTT_URL
    ? new ExternalSubscriber({
        url: config.MQTT_URL,
        clientId: config.MQTT_CLIENT_ID,
        username: config.MQTT_USERNAME,
        password: config.MQTT_PASSWORD,
        branchId,
        ingest,
        log: log.child({ module: 'hub:mqtt' }),
      })
    : null;
  const broker = external ? null : new EmbeddedBroker({ port: config.MQTT_PORT, host: config.HOST, bus, registry: devices, ingest, log: log.child({ module: 'hub:broker' }) });

  if (broker) await broker.start();
  if (external) await external.start();
  const api = await buildApi({
    db, bus, log, metrics, directory, devices, sessions, audit: new AuditLog(db), state, alerts, dispatch, rules, kb, feedback, experience, resolveToken, queue, kiosks: branchConfig.kiosks,
    mqtt: {
      mode: external ? 'external' : 'embedded',
      // Devices reach the embedded broker at the host name they used for the API.
      url: (host) => config.MQTT_URL ?? `mqtt://${host}:${broker!.port}`,
      connected: () => (external ? external.connected : true),
    },
  });
  await api.listen({ port: config.PORT, host: config.HOST });
  broker?.attachWebSocket(api.server);
  realtime.attach(api.server);
  queueRealtime.attach(realtime.io!);
  staffRealtime.attach(realtime.io!);

  const { port } = api.server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  const httpUrl = `http://${host}:${port}`;
  const mqttUrl = config.MQTT_URL ?? `mqtt://${host}:${broker!.port}`;

  return {
    branchId, db, bus, api, ingest, devices, queue, dispatch, experience, rules: engine, httpUrl, mqttUrl,
    async stop() {
      clearInterval(sessionPurge);
      await queueRealtime.stop();
      staffRealtime.stop();
      await realtime.stop();
      await api.close();
      await broker?.stop();
      await external?.stop();
      await ingest.drain();
      await breaches.stop();
      await engine.stop();
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
