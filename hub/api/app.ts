/**
 * The hub's HTTP API as a fastify instance that never listens (server.ts does), so tests use
 * `app.inject`. `/api/v1` routes validate with zod, which also writes the OpenAPI at /docs.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuditLog } from '../audit.ts';
import type { SessionService } from '../auth/sessions.ts';
import type { TokenResolver } from '../auth/token-resolver.ts';
import type { BranchDirectory } from '../branch/directory.ts';
import type { EventBus } from '../bus.ts';
import type { Db } from '../db/database.ts';
import type { DeviceRegistry } from '../devices/device-registry.ts';
import type { FeedbackService } from '../feedback/feedback-service.ts';
import type { KnowledgeBase } from '../kb/knowledge-base.ts';
import type { Logger } from '../logger.ts';
import type { KioskConfig } from '../branch/branch-config.ts';
import type { QueueService } from '../queue/queue-service.ts';
import type { HubMetrics } from '../metrics.ts';
import type { LiveState } from '../state/live-state.ts';
import type { AlertService } from '../alerts/alert-service.ts';
import type { DispatchService } from '../dispatch/dispatch-service.ts';
import type { ExperienceService } from '../experience/experience-service.ts';
import type { RuleStore } from '../rules/rule-store.ts';
import type { RetentionSettings } from '../retention/retention-policy.ts';
import { authPlugin } from './auth-plugin.ts';
import { installErrorHandler } from './errors.ts';
import { installJsonBodyParser } from './json-body.ts';
import { publicRateLimit, type PublicRateLimits } from './public-rate-limit.ts';
import { authRoutes } from './routes/auth.ts';
import { auditRoutes } from './routes/audit.ts';
import { deniedAudit } from './denied-audit.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { alertRoutes } from './routes/alerts.ts';
import { branchRoutes } from './routes/branch.ts';
import { configRoutes } from './routes/config.ts';
import { deviceRoutes } from './routes/devices.ts';
import { dispatchRoutes } from './routes/dispatch.ts';
import { experienceRoutes } from './routes/experience.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { kbRoutes } from './routes/kb.ts';
import { kioskRoutes } from './routes/kiosks.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { logRoutes } from './routes/log.ts';
import { queuePublicRoutes } from './routes/queue-public.ts';
import { queueStaffRoutes } from './routes/queue-staff.ts';
import { ruleRoutes } from './routes/rules.ts';
import { staffRoutes } from './routes/staff.ts';
import { systemRoutes } from './routes/system.ts';
import { userRoutes } from './routes/users.ts';
import { uiStatic } from '../static/ui-static.ts';
import type { SummaryPublisher } from '../experience/summary-publisher.ts';
import { hqRoutes } from './routes/hq.ts';
import { hqUplinkRoutes, type HqApiDeps } from './routes/hq-uplinks.ts';

/** What every role's API needs: logins, health, metrics. */
export interface CoreApiDeps {
  db: Db;
  log: Logger;
  metrics: HubMetrics;
  sessions: SessionService;
  audit: AuditLog;
  resolveToken: TokenResolver;
  mqtt: { mode: 'embedded' | 'external'; url: (requestHost: string) => string; connected: () => boolean };
  /** The branch this hub serves; null for an HQ-only hub. */
  branchId: string | null;
  /** Whether ingest can commit (disk full, read-only): /healthz reports it; absent for an HQ-only hub. */
  storage?: { problem(): string | null };
  /** Failed-login throttling; one per API when absent. */
  loginThrottle?: LoginThrottle;
}

/** The branch routes' dependencies (HUB_ROLE branch or branch+hq). */
export interface ApiDeps extends CoreApiDeps {
  bus: EventBus;
  directory: BranchDirectory;
  devices: DeviceRegistry;
  state: LiveState;
  alerts: AlertService;
  dispatch: DispatchService;
  rules: RuleStore;
  kb: KnowledgeBase;
  feedback: FeedbackService;
  experience: ExperienceService;
  /** Null when the summaries go nowhere (no HQ configured). */
  summaries: SummaryPublisher | null;
  queue: QueueService;
  kiosks: readonly KioskConfig[];
  /** How long raw records and free text are kept (the privacy notice states it). */
  retention: RetentionSettings;
  /** Per-address limits on the public routes customers' devices call. */
  publicLimits: PublicRateLimits;
}

/** The parts of the API a hub serves: always the core, then its roles' routes. */
export interface ApiParts {
  core: CoreApiDeps;
  branch: ApiDeps | null;
  hq: HqApiDeps | null;
  /** PEM key and certificate (chain): the API is served over HTTPS. */
  tls?: { key: Buffer; cert: Buffer } | null;
  /** Addresses (or CIDRs, comma-separated) of a reverse proxy whose X-Forwarded-For gives the client's address. */
  trustProxy?: string;
}

export type Api = FastifyInstance;

export async function buildApi({ core, branch, hq, tls, trustProxy }: ApiParts): Promise<Api> {
  // Requests are not logged one by one (level warn); failures are, by the error handler.
  const options = {
    loggerInstance: core.log.child({ module: 'hub:api' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    // Without a trusted proxy X-Forwarded-For is ignored: a client cannot pick the address its limits count against.
    trustProxy: trustProxy ?? false,
  };
  // An HTTPS server serves the same requests and upgrades; typed as the plain one.
  const app = (tls ? Fastify({ ...options, https: tls }) : Fastify(options)) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installJsonBodyParser(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: branch ? 'Touchpoint branch hub' : 'Touchpoint HQ',
        version: '1.0.0',
        description: 'Branch configuration, live state and the experience log; HQ cross-branch reports. Event contract: protocol/README.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { resolveToken: core.resolveToken, onDenied: deniedAudit(core.audit, core.log) });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  await typed.register(systemRoutes, { deps: core });
  await app.register(uiStatic);
  await typed.register(
    async (api) => {
      await api.register(authRoutes, { deps: core });
      await api.register(auditRoutes, { deps: core });
      if (hq) {
        await api.register(hqRoutes, { hq });
        await api.register(hqUplinkRoutes, { hq });
      }
      if (!branch) return;
      const deps = branch;
      await api.register(publicRateLimit, { limits: deps.publicLimits });
      await api.register(branchRoutes, { deps });
      await api.register(alertRoutes, { deps });
      await api.register(ruleRoutes, { deps });
      await api.register(logRoutes, { deps });
      await api.register(deviceRoutes, { deps });
      await api.register(configRoutes, { deps });
      await api.register(staffRoutes, { deps });
      await api.register(dispatchRoutes, { deps });
      await api.register(userRoutes, { deps });
      await api.register(queuePublicRoutes, { deps });
      await api.register(queueStaffRoutes, { deps });
      await api.register(kioskRoutes, { deps });
      await api.register(privacyRoutes, { deps });
      await api.register(kbRoutes, { deps });
      await api.register(feedbackRoutes, { deps });
      await api.register(experienceRoutes, { deps });
    },
    { prefix: '/api/v1' },
  );
  return app;
}

export interface RouteOptions {
  deps: ApiDeps;
}

export interface CoreRouteOptions {
  deps: CoreApiDeps;
}
