/** Health and metrics. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreRouteOptions } from '../app.ts';

export const systemRoutes: FastifyPluginAsyncZod<CoreRouteOptions> = async (app, { deps }) => {
  app.get('/healthz', {
    config: { roles: 'public' },
    schema: {
      summary: 'Liveness and readiness: database (reachable, and taking commits) and MQTT',
      response: {
        200: z.object({ status: z.literal('ok'), branchId: z.string().nullable().describe('null for an HQ-only hub'), database: z.literal('ok'), mqtt: z.object({ mode: z.enum(['embedded', 'external']), connected: z.boolean() }) }),
        503: z.object({ status: z.literal('degraded'), problems: z.array(z.string()) }),
      },
    },
  }, async (_request, reply) => {
    const problems: string[] = [];
    try {
      await deps.db.$queryRawUnsafe('SELECT 1');
    } catch (error) {
      problems.push(`database: ${(error as Error).message}`);
    }
    const storage = deps.storage?.problem();
    if (storage) problems.push(storage);
    const connected = deps.mqtt.connected();
    if (!connected) problems.push('mqtt: not connected to the external broker');
    if (problems.length > 0) return reply.code(503).send({ status: 'degraded' as const, problems });
    return { status: 'ok' as const, branchId: deps.branchId, database: 'ok' as const, mqtt: { mode: deps.mqtt.mode, connected } };
  });

  app.get('/metrics', {
    config: { roles: ['admin'] },
    schema: { summary: 'Prometheus metrics (text exposition format)', hide: true },
  }, async (_request, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
};
